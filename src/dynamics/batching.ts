/**
 * Seeded minibatches for data problems: each epoch draws a fresh permutation of the examples from the run's
 * batch stream and cuts it into consecutive batches of `batchSize` (the last one smaller when it does not divide,
 * as torch's DataLoader with shuffle=True, drop_last=False), so every example is used exactly once per epoch.
 */
import { InvalidArgumentError } from '../errors.ts';
import type { Rng } from '../random/types.ts';

export interface Batcher {
  /** The example indices of the next batch. */
  next(): Int32Array;
  /** Completed epochs so far. */
  readonly epoch: number;
}

export function createBatcher(examples: number, batchSize: number, rng: Rng): Batcher {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`batchSize: got ${batchSize}; expected an integer ≥ 1`);
  }
  let perm = rng.permutation(examples);
  let pos = 0, epoch = 0;
  return {
    next() {
      if (pos >= examples) { perm = rng.permutation(examples); pos = 0; }
      const b = perm.subarray(pos, Math.min(pos + batchSize, examples));
      pos += batchSize;
      if (pos >= examples) epoch++;
      return b;
    },
    get epoch() { return epoch; },
  };
}
