/** The command registry: `learnscope --help` and dispatch are derived from this list (one line per command). */
import type { Command } from '../command.ts';
import { doctor } from './doctor.ts';
import { experiment } from './experiment.ts';
import { list } from './list.ts';
import { runCommand } from './run.ts';
import { race } from './race.ts';
import { sample } from './sample.ts';
import { metric } from './metric.ts';
import { geometry } from './geometry.ts';

export const commands: Command[] = [
  doctor,
  experiment,
  list,
  runCommand,
  race,
  sample,
  metric,
  geometry,
];
