/**
 * Minimum-norm least squares x = argmin ‖A·x − b‖₂ (smallest ‖x‖ among minimisers) through the SVD, as numpy's
 * lstsq: singular values s_i ≤ rcond · s_max are treated as zero; the default rcond is ε · max(m, n).
 */
import { kernels } from '../kernels/index.ts';
import { LearnscopeError } from '../errors.ts';
import { checkRhs, checkMatrix, checkTolerance } from './checks.ts';
import type { Matrix } from './matrix.ts';

export interface LstsqOptions {
  /** Relative cutoff for small singular values (default Number.EPSILON · max(m, n), numpy's default). */
  rcond?: number;
}

export interface Lstsq<X> {
  /** The minimum-norm least-squares solution: a vector of length n, or an n×k matrix for a matrix right side. */
  x: X;
  /** Number of singular values above the cutoff. */
  rank: number;
  /** All singular values of A, descending. */
  singularValues: Float64Array;
}

export function lstsq(A: Matrix, b: Float64Array, opts?: LstsqOptions): Lstsq<Float64Array>;
export function lstsq(A: Matrix, B: Matrix, opts?: LstsqOptions): Lstsq<Matrix>;
export function lstsq(A: Matrix, B: Float64Array | Matrix, opts: LstsqOptions = {}): Lstsq<Float64Array | Matrix> {
  checkMatrix('lstsq', 'A', A);
  const { rows: m, cols: n } = A;
  const rhs = checkRhs('lstsq', A, B, m);
  const rcond = opts.rcond ?? Number.EPSILON * Math.max(m, n);
  checkTolerance('lstsq', 'rcond', rcond);
  const k = rhs.nrhs;
  const r = Math.min(m, n);
  const x = new Float64Array(n * k);
  const s = new Float64Array(r);
  const wrap = (rank: number) => ({ x: rhs.isVector ? x : { rows: n, cols: k, data: x }, rank, singularValues: s });
  if (r === 0 || k === 0) return wrap(0);
  const U = new Float64Array(m * r);
  const VT = new Float64Array(r * n);
  const info = kernels().gesdd('S', m, n, A.data.slice(), s, U, VT);
  if (info !== 0) throw new LearnscopeError(`lstsq: the ${kernels().name} gesdd did not converge on the ${m}×${n} input (info ${info})`);
  const cutoff = rcond * s[0]!;
  let rank = 0;
  while (rank < r && s[rank]! > cutoff) rank++;
  if (rank === 0) return wrap(0);
  // c = Uᵀ·b restricted to the kept singular directions, scaled by 1/s; then x = V·c.
  const c = new Float64Array(r * k);
  kernels().gemm(true, false, r, k, m, 1, U, rhs.data, 0, c);
  for (let i = 0; i < r; i++) {
    const inv = i < rank ? 1 / s[i]! : 0;
    for (let j = 0; j < k; j++) c[i * k + j]! *= inv;
  }
  kernels().gemm(true, false, n, k, r, 1, VT, c, 0, x);
  return wrap(rank);
}
