/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix and SPD solves (LAPACK dpotrf/dposv,
 * lower triangle). A failure names the first column whose pivot A_jj − Σ_k L_jk² is not positive, and its value.
 */
import { kernels } from '../kernels/index.ts';
import { NotPositiveDefiniteError } from '../errors.ts';
import { checkRhs, checkSymmetric } from './checks.ts';
import type { SymmetricOptions } from './eigh.ts';
import { shapeOf, type Matrix } from './matrix.ts';

/** The lower-triangular L with A = L·Lᵀ (strict upper triangle zero). */
export function cholesky(A: Matrix, opts: SymmetricOptions = {}): Matrix {
  // A private copy with only its lower triangle written: potrf reads that and zeroes the strict upper triangle.
  const S = checkSymmetric('cholesky', 'A', A, opts.symmetryTol, true);
  const n = S.rows;
  const info = n === 0 ? 0 : kernels().potrf(n, S.data);
  if (info !== 0) throw notSpd('cholesky', checkSymmetric('cholesky', 'A', A, opts.symmetryTol), info);
  return S;
}

/** Solves A·X = B for SPD A; B is a vector (returns a vector) or an n×k matrix (returns a matrix). */
export function solveSPD(A: Matrix, b: Float64Array, opts?: SymmetricOptions): Float64Array;
export function solveSPD(A: Matrix, B: Matrix, opts?: SymmetricOptions): Matrix;
export function solveSPD(A: Matrix, B: Float64Array | Matrix, opts: SymmetricOptions = {}): Float64Array | Matrix {
  // A private lower-triangle copy that posv may destroy; the error path rebuilds the full symmetrised A.
  const S = checkSymmetric('solveSPD', 'A', A, opts.symmetryTol, true);
  const n = S.rows;
  const rhs = checkRhs('solveSPD', A, B, n);
  if (n > 0 && rhs.nrhs > 0) {
    const info = kernels().posv(n, rhs.nrhs, S.data, rhs.data);
    if (info !== 0) throw notSpd('solveSPD', checkSymmetric('solveSPD', 'A', A, opts.symmetryTol), info);
  }
  return rhs.isVector ? rhs.data : { rows: n, cols: rhs.nrhs, data: rhs.data };
}

/**
 * Builds the error for a failed factorisation at 1-based column `info`. The pivot is recomputed from the leading
 * block (which is SPD, since the factorisation got that far), so the message does not depend on what a backend
 * leaves behind in the failed array.
 */
function notSpd(op: string, S: Matrix, info: number): NotPositiveDefiniteError {
  const n = S.rows;
  const a = S.data;
  let j = info - 1;
  let L = new Float64Array(0);
  for (;;) {
    L = new Float64Array(j * j);
    for (let r = 0; r < j; r++) for (let c = 0; c <= r; c++) L[r * j + c] = a[r * n + c]!;
    const inner = j === 0 ? 0 : kernels().potrf(j, L);
    if (inner === 0) break;
    j = inner - 1; // rounding can make the leading block fail a column earlier; report that column instead
  }
  // Row j of L solves L_lead · x = A[0..j−1, j]; the pivot is A_jj − x·x.
  const x = new Float64Array(j);
  let pivot = a[j * n + j]!;
  for (let r = 0; r < j; r++) {
    let v = a[r * n + j]!;
    for (let c = 0; c < r; c++) v -= L[r * j + c]! * x[c]!;
    x[r] = v / L[r * j + r]!;
    pivot -= x[r]! * x[r]!;
  }
  return new NotPositiveDefiniteError(`${op}: A (${shapeOf(S)}) is not positive definite: the Cholesky pivot of column ${j} ` +
    `(0-based) is ${pivot} (A[${j}, ${j}] = ${a[j * n + j]}); a symmetric positive definite matrix is required`);
}
