/**
 * The experiment registry: `learnscope experiment NAME` and `--list` are derived from this list. Add one line per
 * experiment, ordered from simple to complex.
 */
import type { Experiment } from './types.ts';
import { paperLti } from './paper-lti.ts';
import { paperFa } from './paper-fa.ts';

export const experiments: Experiment[] = [
  paperLti as Experiment,
  paperFa as Experiment,
];
