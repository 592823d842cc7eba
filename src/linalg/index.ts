/**
 * The checked linear-algebra API over the active kernels (`src/kernels`): dense row-major float64 matrices,
 * decompositions with LAPACK conventions, solvers, iterative methods in operator form, and matrix functions.
 * Inputs are never mutated; bad inputs raise the typed errors of `src/errors.ts`.
 */
export { type Matrix, type MatmulOptions, matrix, zeros, identity, diag, fromRows, toRows, clone, transpose, matmul, matvec,
  frobenius, norm2, shapeOf, assertMatrix } from './matrix.ts';
export { SYMMETRY_TOL } from './checks.ts';
export { type Eigh, type SymmetricOptions, eigh, eigvalsh } from './eigh.ts';
export { type Svd, type SvdOptions, svd, singularValues } from './svd.ts';
export { cholesky, solveSPD } from './cholesky.ts';
export { type SignedLogDet, solve, inverse, det, slogdet, logdet } from './solve.ts';
export { type Lstsq, type LstsqOptions, lstsq } from './lstsq.ts';
export { type LinearOperator, type CgOptions, type CgResult, conjugateGradient, asOperator } from './cg.ts';
export { type LanczosOptions, type LanczosResult, lanczos } from './lanczos.ts';
export { type MatfunOptions, funm, sqrtm, expm, logm, powm } from './matfun.ts';
