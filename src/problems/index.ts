/**
 * The problem registry: one line per problem, ordered simple → complex. The CLI (`learnscope list problems`),
 * config validation and docs derive from the `ParamSpec`s here. `createProblem` validates a config object
 * (`{ id, ...params }`) and builds the problem with a seeded generator for its data and rotations.
 */
import { ConfigError } from '../errors.ts';
import type { Rng } from '../random/types.ts';
import type { Problem, ProblemSpec } from './types.ts';
import { resolveParams } from './params.ts';
import { quadratic } from './quadratic.ts';
import { booth } from './booth.ts';
import { rosenbrock } from './rosenbrock.ts';
import { beale } from './beale.ts';
import { himmelblau } from './himmelblau.ts';
import { sixHumpCamel } from './six-hump-camel.ts';
import { saddle } from './saddle.ts';
import { rastrigin } from './rastrigin.ts';
import { ackley } from './ackley.ts';
import { mullerBrown } from './muller-brown.ts';
import { doubleWell } from './potentials/double-well.ts';
import { tiltedDoubleWell } from './potentials/tilted-double-well.ts';
import { gaussian } from './potentials/gaussian.ts';
import { gaussianMixture } from './potentials/gaussian-mixture.ts';
import { quadraticN } from './quadratic-n.ts';
import { rosenbrockN } from './rosenbrock-n.ts';
import { linearRegression } from './linear-regression.ts';
import { logisticRegression } from './logistic-regression.ts';
import { softmaxRegression } from './softmax-regression.ts';
import { mlp } from './mlp.ts';
import { gaussianRegression } from './gaussian-regression.ts';
import { mlpClassifierSpec } from './mlp-classifier.ts';
import { matrixCompletion } from './matrix-completion.ts';
import { matrixSensing } from './matrix-sensing.ts';
import { pca } from './pca.ts';

export const problems: readonly ProblemSpec[] = [
  quadratic,
  booth,
  rosenbrock,
  beale,
  himmelblau,
  sixHumpCamel,
  saddle,
  rastrigin,
  ackley,
  mullerBrown,
  doubleWell,
  tiltedDoubleWell,
  gaussian,
  gaussianMixture,
  quadraticN,
  rosenbrockN,
  linearRegression,
  logisticRegression,
  softmaxRegression,
  gaussianRegression,
  mlp,
  mlpClassifierSpec,
  matrixCompletion,
  matrixSensing,
  pca,
];

/** The spec registered under `id`; ConfigError naming the accepted ids otherwise. */
export function problemSpec(id: string, path = 'problem.id'): ProblemSpec {
  const spec = problems.find((p) => p.id === id);
  if (!spec) throw new ConfigError(path, `unknown problem ${JSON.stringify(id)}; accepted: ${problems.map((p) => p.id).join(', ')}`);
  return spec;
}

/** Validates `options` (`{ id, ...params }`) against the registry and builds the problem; `rng` seeds its data. */
export function createProblem(options: { id: string } & Record<string, unknown>, rng: Rng, path = 'problem'): Problem {
  if (typeof options.id !== 'string') {
    throw new ConfigError(`${path}.id`, `is missing; accepted: ${problems.map((p) => p.id).join(', ')}`);
  }
  const spec = problemSpec(options.id, `${path}.id`);
  return spec.create(resolveParams(spec.params, options, path), rng);
}

export type { Problem, ProblemSpec } from './types.ts';
export { type FamilyKind, type Family, type Linearization, type LayerStructure, type Predictive, bernoulli, categoricalFamily,
  gaussianFamily, gaussianLearnedFamily, nllAndGrad, sampleTargets } from './predictive.ts';
export { type MlpActivation, linearPredictive, mlpPredictive, mlpOffsets, initMlpParams, problemFromPredictive } from './predictive-models.ts';
export { mlpClassifier } from './mlp-classifier.ts';
