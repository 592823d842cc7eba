/**
 * Input checks shared by the linalg routines: well-formed, finite, square, symmetric (to a stated tolerance), and
 * right-hand sides given as a vector or a matrix. Every failure names the operation, the input and what is accepted.
 */
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors.ts';
import { assertMatrix, shapeOf, type Matrix } from './matrix.ts';

/** Default symmetry tolerance: |A_ij − A_ji| ≤ 1e-10 · max|A| (relative to the largest entry). */
export const SYMMETRY_TOL = 1e-10;

/** A well-formed matrix with only finite entries. */
export function checkMatrix(op: string, name: string, A: Matrix): void {
  assertMatrix(op, name, A);
  const { cols, data } = A;
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`${op}: ${name}[${Math.floor(p / cols)}, ${p % cols}] is ${v}; only finite numbers are accepted`);
    }
  }
}

export function checkVector(op: string, name: string, x: Float64Array, length: number): void {
  if (!(x instanceof Float64Array)) throw new InvalidArgumentError(`${op}: ${name} must be a Float64Array`);
  if (x.length !== length) throw new ShapeError(`${op}: ${name} has ${x.length} entries; expected ${length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new NonFiniteError(`${op}: ${name}[${i}] is ${x[i]}; only finite numbers are accepted`);
  }
}

export function checkSquare(op: string, name: string, A: Matrix): void {
  checkMatrix(op, name, A);
  if (A.rows !== A.cols) throw new ShapeError(`${op}: ${name} is ${shapeOf(A)}; a square matrix is required`);
}

/**
 * Checks that A is square, finite and symmetric to `tol` relative to its largest entry, and returns the symmetrised
 * copy (A + Aᵀ)/2, so that results do not depend on which triangle a backend reads.
 */
export function checkSymmetric(op: string, name: string, A: Matrix, tol: number = SYMMETRY_TOL): Matrix {
  checkSquare(op, name, A);
  checkTolerance(op, 'symmetryTol', tol);
  const n = A.rows;
  const a = A.data;
  let scale = 0;
  for (let p = 0; p < a.length; p++) scale = Math.max(scale, Math.abs(a[p]!));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = a[i * n + i]!;
    for (let j = 0; j < i; j++) {
      const x = a[i * n + j]!;
      const y = a[j * n + i]!;
      if (Math.abs(x - y) > tol * scale) {
        throw new InvalidArgumentError(`${op}: ${name} (${shapeOf(A)}) is not symmetric: ${name}[${i}, ${j}] = ${x} but ` +
          `${name}[${j}, ${i}] = ${y}; symmetry is checked to |A_ij − A_ji| ≤ ${tol}·max|A| = ${tol * scale}`);
      }
      const s = 0.5 * (x + y);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: out };
}

export function checkTolerance(op: string, name: string, tol: number): void {
  if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) {
    throw new InvalidArgumentError(`${op}: ${name} is ${tol}; a finite number ≥ 0 is accepted`);
  }
}

export function checkPositiveInt(op: string, name: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw new InvalidArgumentError(`${op}: ${name} is ${v}; an integer ≥ ${min} is accepted`);
}

/** A right-hand side as given (vector or matrix), viewed as an n×nrhs row-major matrix. */
export interface Rhs {
  isVector: boolean;
  nrhs: number;
  data: Float64Array;
}

/** Accepts B as a Float64Array of length `n` or a Matrix with `n` rows; returns a copy as n×nrhs. */
export function checkRhs(op: string, A: Matrix, B: Float64Array | Matrix, n: number): Rhs {
  if (B instanceof Float64Array) {
    if (B.length !== n) throw new ShapeError(`${op}: A is ${shapeOf(A)} but b has ${B.length} entries; b must have ${n}`);
    checkVector(op, 'b', B, n);
    return { isVector: true, nrhs: 1, data: B.slice() };
  }
  checkMatrix(op, 'B', B);
  if (B.rows !== n) throw new ShapeError(`${op}: A is ${shapeOf(A)} but B is ${shapeOf(B)}; B must have ${n} rows`);
  return { isVector: false, nrhs: B.cols, data: B.data.slice() };
}
