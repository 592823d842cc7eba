/**
 * Input checks shared by the linalg routines: well-formed, finite, square, symmetric (to a stated tolerance), and
 * right-hand sides given as a vector or a matrix. Every failure names the operation, the input and what is accepted.
 */
import { allocOutput } from '../kernels/index.ts';
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
 * copy (A + Aᵀ)/2, so that results do not depend on which triangle a backend reads. With `lowerOnly` only the lower
 * triangle of the copy is written (its strict upper triangle is unspecified): for a private copy handed to a kernel
 * that reads only the lower triangle (potrf, posv), which saves the scattered half of the writes.
 */
export function checkSymmetric(op: string, name: string, A: Matrix, tol: number = SYMMETRY_TOL, lowerOnly = false): Matrix {
  assertMatrix(op, name, A);
  checkTolerance(op, 'symmetryTol', tol);
  if (A.rows === A.cols) {
    // Fast path: one tiled pass reads every entry once, checks finiteness, finds max|A| and max|A_ij − A_ji| and
    // writes the copy. Only an input that fails goes on to the passes below, which find the offending entry and throw.
    const n = A.rows;
    const out = allocOutput(n * n); // every entry written (the lower triangle only, with lowerOnly)
    if (symmetriseChecked(A.data, out, n, !lowerOnly) && !(fused[1]! > tol * fused[0]!)) return { rows: n, cols: n, data: out };
  }
  const n = A.rows;
  const a = A.data;
  // One pass for finiteness (first bad entry in row-major order, as checkMatrix reports it) and the scale max|A|.
  let scale = 0;
  for (let p = 0; p < a.length; p++) {
    const v = a[p]!;
    const m = v < 0 ? -v : v;
    if (!(m <= Number.MAX_VALUE)) {
      throw new NonFiniteError(`${op}: ${name}[${Math.floor(p / A.cols)}, ${p % A.cols}] is ${v}; only finite numbers are accepted`);
    }
    if (m > scale) scale = m;
  }
  if (A.rows !== A.cols) throw new ShapeError(`${op}: ${name} is ${shapeOf(A)}; a square matrix is required`);
  // Finite and square, so the fast path failed on symmetry: name the first offending pair.
  const bad = findAsymmetry(a, n, tol * scale);
  const i = Math.floor(bad / n), j = bad % n;
  throw new InvalidArgumentError(`${op}: ${name} (${shapeOf(A)}) is not symmetric: ${name}[${i}, ${j}] = ${a[bad]} but ` +
    `${name}[${j}, ${i}] = ${a[j * n + i]}; symmetry is checked to |A_ij − A_ji| ≤ ${tol}·max|A| = ${tol * scale}`);
}

/** The row-major index i·n + j (i > j) of the first pair, row by row, differing by more than `limit`; else −1. */
function findAsymmetry(a: Float64Array, n: number, limit: number): number {
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = a[i * n + j]! - a[j * n + i]!;
      if (d > limit || -d > limit) return i * n + j;
    }
  }
  return -1;
}

/** [max|A|, max|A_ij − A_ji|] of the last symmetriseChecked call. */
const fused = new Float64Array(2);

/**
 * out ← (a + aᵀ)/2 (only its lower triangle unless `upper`) in 16×16 tiles, reading each entry of `a` once; false as
 * soon as an entry is not finite, else true with max|a| and the largest asymmetry in `fused`.
 */
function symmetriseChecked(a: Float64Array, out: Float64Array, n: number, upper: boolean): boolean {
  const T = 16, MAX = Number.MAX_VALUE;
  let scale = 0, maxD = 0;
  for (let i0 = 0; i0 < n; i0 += T) {
    const i1 = Math.min(n, i0 + T);
    for (let j0 = 0; j0 <= i0; j0 += T) {
      const j1 = Math.min(n, j0 + T);
      for (let i = i0; i < i1; i++) {
        const jEnd = j1 < i ? j1 : i;
        const ri = i * n;
        for (let j = j0; j < jEnd; j++) {
          const x = a[ri + j]!, y = a[j * n + i]!;
          const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
          if (!(ax <= MAX && ay <= MAX)) return false; // NaN or ±Infinity
          if (ax > scale) scale = ax;
          if (ay > scale) scale = ay;
          const d = x - y, ad = d < 0 ? -d : d;
          if (ad > maxD) maxD = ad;
          const s = 0.5 * (x + y);
          out[ri + j] = s;
          if (upper) out[j * n + i] = s;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const x = a[i * n + i]!, ax = x < 0 ? -x : x;
    if (!(ax <= MAX)) return false;
    if (ax > scale) scale = ax;
    out[i * n + i] = x;
  }
  fused[0] = scale;
  fused[1] = maxD;
  return true;
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
