/**
 * Singular value decomposition A = U·diag(s)·Vᵀ (LAPACK dgesdd convention: s descending). Thin by default
 * (U m×r, V n×r with r = min(m, n)); `full: true` gives square U (m×m) and V (n×n), as numpy's full_matrices.
 * We return V itself, not Vᵀ, so that both factors hold singular vectors in their columns.
 */
import { kernels } from '../kernels/index.ts';
import { InvalidArgumentError, LearnscopeError } from '../errors.ts';
import { checkMatrix } from './checks.ts';
import { transpose, zeros, type Matrix } from './matrix.ts';

export interface SvdOptions {
  /** Square U and V (default false: thin factors). */
  full?: boolean;
}

export interface Svd {
  U: Matrix;
  /** Singular values, descending, min(m, n) of them. */
  s: Float64Array;
  V: Matrix;
}

export function svd(A: Matrix, opts: SvdOptions = {}): Svd {
  checkMatrix('svd', 'A', A);
  if (opts.full !== undefined && typeof opts.full !== 'boolean') {
    throw new InvalidArgumentError(`svd: full is ${String(opts.full)}; true or false is accepted`);
  }
  const full = opts.full === true;
  const { rows: m, cols: n } = A;
  const r = Math.min(m, n);
  const s = new Float64Array(r);
  const U = zeros(m, full ? m : r);
  const VT = zeros(full ? n : r, n);
  if (r === 0) {
    // Empty input: the factors are identities of the requested shapes (what LAPACK would return for a null space).
    for (let i = 0; i < Math.min(U.rows, U.cols); i++) U.data[i * U.cols + i] = 1;
    for (let i = 0; i < Math.min(VT.rows, VT.cols); i++) VT.data[i * VT.cols + i] = 1;
    return { U, s, V: transpose(VT) };
  }
  const info = kernels().gesdd(full ? 'A' : 'S', m, n, A.data.slice(), s, U.data, VT.data);
  if (info !== 0) throw new LearnscopeError(`svd: the ${kernels().name} gesdd did not converge on the ${m}×${n} input (info ${info})`);
  return { U, s, V: transpose(VT) };
}

/** Singular values only (descending), without forming U and V. */
export function singularValues(A: Matrix): Float64Array {
  checkMatrix('singularValues', 'A', A);
  const { rows: m, cols: n } = A;
  const s = new Float64Array(Math.min(m, n));
  if (s.length === 0) return s;
  const info = kernels().gesdd('N', m, n, A.data.slice(), s, new Float64Array(0), new Float64Array(0));
  if (info !== 0) throw new LearnscopeError(`singularValues: the ${kernels().name} gesdd did not converge on the ${m}×${n} input (info ${info})`);
  return s;
}
