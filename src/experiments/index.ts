/**
 * The experiment registry: `learnscope experiment NAME` and `--list` are derived from this list. Add one line per
 * experiment, ordered from simple to complex.
 */
import type { Experiment } from './types.ts';
import { paperLti } from './paper-lti.ts';
import { paperFa } from './paper-fa.ts';
import { kramers } from './kramers.ts';
import { annealing } from './annealing.ts';
import { sgdTemperature } from './sgd-temperature.ts';
import { sgldMixture } from './sgld-mixture.ts';
import { ngdLogistic } from './ngd-logistic.ts';
import { ngdInvariance } from './ngd-invariance.ts';
import { empiricalFisherPathology } from './empirical-fisher-pathology.ts';
import { kfacMnist } from './kfac-mnist.ts';
import { dmfCompletion } from './dmf-completion.ts';
import { dmfAdam } from './dmf-adam.ts';

export const experiments: Experiment[] = [
  paperLti as Experiment,
  paperFa as Experiment,
  ngdLogistic as Experiment,
  ngdInvariance as Experiment,
  empiricalFisherPathology as Experiment,
  kfacMnist as Experiment,
  kramers as Experiment,
  annealing as Experiment,
  sgdTemperature as Experiment,
  sgldMixture as Experiment,
  dmfCompletion as Experiment,
  dmfAdam as Experiment,
];
