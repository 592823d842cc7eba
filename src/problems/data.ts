/**
 * Shared plumbing of the data problems: the examples a `Batch` selects (all of them when undefined) and the
 * seeded Gaussian design matrix used by the teacher–student generators.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import type { Batch, ParamSpec } from './types.ts';
import type { Rng } from '../random/types.ts';

/** The example indices of `batch` (0…n−1 when undefined), checked to lie in range. */
export function batchIndices(id: string, batch: Batch, n: number): ArrayLike<number> {
  if (batch === undefined) return allIndices(n);
  if (batch.length === 0) throw new InvalidArgumentError(`${id}: empty batch; a batch needs at least one example index`);
  for (let k = 0; k < batch.length; k++) {
    const i = batch[k]!;
    if (i < 0 || i >= n) throw new InvalidArgumentError(`${id}: batch index ${i} at position ${k} is outside 0…${n - 1}`);
  }
  return batch;
}

const cache = new Map<number, Int32Array>();
function allIndices(n: number): Int32Array {
  let a = cache.get(n);
  if (!a) {
    a = Int32Array.from({ length: n }, (_, i) => i);
    if (cache.size > 16) cache.clear();
    cache.set(n, a);
  }
  return a;
}

/** An n×d row-major matrix of N(0, 1) entries. */
export function gaussianMatrix(n: number, d: number, rng: Rng): Float64Array {
  return rng.fillNormal(new Float64Array(n * d));
}

export function checkTheta(id: string, theta: Float64Array, dim: number): void {
  if (theta.length !== dim) throw new ShapeError(`${id}: θ has length ${theta.length}; this problem has dimension ${dim}`);
}

/** log(1 + eᶻ) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The logistic function 1/(1 + e^{−z}), accurate in both tails. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The option specs that teacher-data problems share: the number of examples n, features d and a ridge penalty. */
export const dataParams = {
  examples: (defaultValue: number, doc = 'number of examples n'): ParamSpec =>
    ({ name: 'examples', kind: 'integer', default: defaultValue, min: 1, doc }),
  dim: (defaultValue: number, doc = 'number of features d'): ParamSpec =>
    ({ name: 'dim', kind: 'integer', default: defaultValue, min: 1, doc }),
  noise: (defaultValue: number, doc = 'standard deviation of the label noise'): ParamSpec =>
    ({ name: 'noise', kind: 'number', default: defaultValue, min: 0, doc }),
  l2: (doc = 'ridge penalty ½·l2·‖θ‖²'): ParamSpec => ({ name: 'l2', kind: 'number', default: 0, min: 0, doc }),
};
