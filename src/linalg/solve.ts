/**
 * General square systems by LU with partial pivoting (LAPACK dgesv/dgetrf): solve, inverse, determinant.
 * "Singular" means an exactly zero pivot or a solution that overflows to non-finite values.
 */
import { kernels } from '../kernels/index.ts';
import { InvalidArgumentError, SingularMatrixError } from '../errors.ts';
import { checkRhs, checkSquare } from './checks.ts';
import { identity, shapeOf, type Matrix } from './matrix.ts';

/** Solves A·X = B; B is a vector (returns a vector) or an n×k matrix (returns a matrix). */
export function solve(A: Matrix, b: Float64Array): Float64Array;
export function solve(A: Matrix, B: Matrix): Matrix;
export function solve(A: Matrix, B: Float64Array | Matrix): Float64Array | Matrix {
  checkSquare('solve', 'A', A);
  const n = A.rows;
  const rhs = checkRhs('solve', A, B, n);
  luSolve('solve', A, rhs.nrhs, rhs.data);
  return rhs.isVector ? rhs.data : { rows: n, cols: rhs.nrhs, data: rhs.data };
}

/** A⁻¹ (prefer `solve` when the inverse is only applied to vectors). */
export function inverse(A: Matrix): Matrix {
  checkSquare('inverse', 'A', A);
  const X = identity(A.rows);
  luSolve('inverse', A, A.rows, X.data);
  return X;
}

function luSolve(op: string, A: Matrix, nrhs: number, B: Float64Array): void {
  const n = A.rows;
  if (n === 0 || nrhs === 0) return;
  const info = kernels().gesv(n, nrhs, A.data.slice(), B);
  if (info > 0) {
    throw new SingularMatrixError(`${op}: A (${shapeOf(A)}) is singular: LU with partial pivoting found U[${info - 1}, ${info - 1}] = 0; ` +
      'a nonsingular matrix is required (use lstsq for a least-squares / minimum-norm solution)');
  }
  for (let p = 0; p < B.length; p++) {
    if (!Number.isFinite(B[p]!)) {
      throw new SingularMatrixError(`${op}: A (${shapeOf(A)}) is singular to working precision: the solution overflowed ` +
        `(entry ${p} is ${B[p]}); use lstsq for a least-squares / minimum-norm solution`);
    }
  }
}

export interface SignedLogDet {
  /** +1, −1, or 0 for a singular matrix. */
  sign: number;
  /** log|det A| (−Infinity for a singular matrix). */
  logAbsDet: number;
}

/** LU factors of a copy of A: the pivots U_ii and the sign of the row permutation; null when a pivot is exactly 0. */
function luPivots(A: Matrix): { pivots: Float64Array; sign: number } | null {
  const n = A.rows;
  const LU = A.data.slice();
  const ipiv = new Int32Array(n);
  if (kernels().getrf(n, LU, ipiv) > 0) return null;
  const pivots = new Float64Array(n);
  let sign = 1;
  for (let i = 0; i < n; i++) {
    pivots[i] = LU[i * n + i]!;
    if (ipiv[i] !== i) sign = -sign; // each row swap flips the sign
  }
  return pivots.some((u) => u === 0) ? null : { pivots, sign };
}

/** sign and log|det A| from the LU factors, without overflow (numpy's slogdet). */
export function slogdet(A: Matrix): SignedLogDet {
  checkSquare('slogdet', 'A', A);
  if (A.rows === 0) return { sign: 1, logAbsDet: 0 };
  const lu = luPivots(A);
  if (lu === null) return { sign: 0, logAbsDet: -Infinity };
  let { sign } = lu;
  let logAbsDet = 0;
  for (const u of lu.pivots) {
    if (u < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(u));
  }
  return { sign, logAbsDet };
}

/** det A as the signed product of the LU pivots (may overflow to ±Infinity for large matrices; use slogdet then). */
export function det(A: Matrix): number {
  checkSquare('det', 'A', A);
  if (A.rows === 0) return 1;
  const lu = luPivots(A);
  if (lu === null) return 0;
  let d = lu.sign;
  for (const u of lu.pivots) d *= u;
  return d;
}

/** log det A for det A > 0 (e.g. SPD matrices); −Infinity when A is singular. Throws if det A < 0. */
export function logdet(A: Matrix): number {
  checkSquare('logdet', 'A', A);
  const { sign, logAbsDet } = slogdet(A);
  if (sign < 0) {
    throw new InvalidArgumentError(`logdet: det A < 0 for A (${shapeOf(A)}), so log det A is not real; use slogdet for sign and log|det A|`);
  }
  return logAbsDet;
}
