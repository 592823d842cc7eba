/**
 * The seeded random generator every stochastic routine receives explicitly. There is no global RNG:
 * a run gets `createRng(seed)`, and each sub-task (a rule, a worker, a particle block) gets its own stream by
 * `split()` or `fork(key)`, so results do not depend on scheduling or on how many draws a sibling made.
 */
export interface Rng {
  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Fills `out` with uniforms on [lo, hi) (default [0, 1)) and returns it. */
  fillUniform(out: Float64Array, lo?: number, hi?: number): Float64Array;
  /** Fills `out` with N(mean, std²) draws (default N(0, 1)) and returns it. */
  fillNormal(out: Float64Array, mean?: number, std?: number): Float64Array;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Index i with probability p_i / Σp (p need not be normalised; entries must be ≥ 0 and not all 0). */
  categorical(p: ArrayLike<number>): number;
  /** A uniformly random permutation of 0…n−1. */
  permutation(n: number): Int32Array;
  /** An independent child stream; successive calls give different children. Advances this stream's split counter only. */
  split(): Rng;
  /** The child stream named by `key` (same key → same stream), independent of this stream's position. */
  fork(key: number | string): Rng;
  /** The plain-data state (JSON-able) from which `restoreRng` resumes exactly. */
  state(): RngState;
}

export interface RngState {
  algorithm: string;
  key: number[];
  counter: number[];
  /** Buffered outputs not yet consumed and split counter, so resuming is exact. */
  extra: number[];
}
