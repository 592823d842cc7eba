/** The random module's public API: seeded, splittable generators (see rng.ts) and the Philox block function. */
export type { Rng, RngState } from './types.ts';
export { createRng, restoreRng, ALGORITHM } from './rng.ts';
export { philox4x32, philoxBlocks } from './philox.ts';
