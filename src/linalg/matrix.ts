/**
 * The dense matrix value of the checked linear-algebra API: `{ rows, cols, data }`, row-major float64
 * (A_ij = data[i*cols + j], the convention of `src/kernels`). Constructors and small helpers; products go through
 * the active kernels' gemm. Nothing here mutates its inputs.
 */
import { allocOutput, kernels } from '../kernels/index.ts';
import { InvalidArgumentError, ShapeError } from '../errors.ts';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** `3×4`, the way every error message prints a shape. */
export function shapeOf(A: Matrix): string {
  return `${A.rows}×${A.cols}`;
}

/** Throws unless `A` is a well-formed Matrix (integer sizes ≥ 0, a Float64Array of rows·cols entries). */
export function assertMatrix(op: string, name: string, A: Matrix): void {
  if (A === null || typeof A !== 'object' || !(A.data instanceof Float64Array)) {
    throw new InvalidArgumentError(`${op}: ${name} must be a Matrix { rows, cols, data: Float64Array }`);
  }
  if (!Number.isInteger(A.rows) || !Number.isInteger(A.cols) || A.rows < 0 || A.cols < 0) {
    throw new ShapeError(`${op}: ${name} has shape ${A.rows}×${A.cols}; rows and cols must be integers ≥ 0`);
  }
  if (A.data.length !== A.rows * A.cols) {
    throw new ShapeError(`${op}: ${name} is ${shapeOf(A)} but its data has ${A.data.length} entries (expected ${A.rows * A.cols})`);
  }
}

/** Wraps `data` (not copied) as a rows×cols matrix; without `data`, a zero matrix. */
export function matrix(rows: number, cols: number, data?: Float64Array | ArrayLike<number>): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ShapeError(`matrix: shape ${rows}×${cols} is not valid; rows and cols must be integers ≥ 0`);
  }
  const d = data === undefined ? new Float64Array(rows * cols) : data instanceof Float64Array ? data : Float64Array.from(data);
  const A = { rows, cols, data: d };
  assertMatrix('matrix', 'data', A);
  return A;
}

export function zeros(rows: number, cols: number = rows): Matrix {
  return matrix(rows, cols);
}

export function identity(n: number): Matrix {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
  return I;
}

/** The square matrix with `d` on its diagonal. */
export function diag(d: ArrayLike<number>): Matrix {
  const n = d.length;
  const D = zeros(n, n);
  for (let i = 0; i < n; i++) D.data[i * n + i] = d[i]!;
  return D;
}

/** Builds a matrix from nested rows (copied), e.g. `fromRows([[1, 2], [3, 4]])`. */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0]!.length;
  const A = zeros(m, n);
  for (let i = 0; i < m; i++) {
    const r = rows[i]!;
    if (r.length !== n) throw new ShapeError(`fromRows: row ${i} has ${r.length} entries but row 0 has ${n}; all rows must have the same length`);
    for (let j = 0; j < n; j++) A.data[i * n + j] = r[j]!;
  }
  return A;
}

export function toRows(A: Matrix): number[][] {
  assertMatrix('toRows', 'A', A);
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) out.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  return out;
}

export function clone(A: Matrix): Matrix {
  return { rows: A.rows, cols: A.cols, data: A.data.slice() };
}

export function transpose(A: Matrix): Matrix {
  assertMatrix('transpose', 'A', A);
  const { rows: m, cols: n, data: a } = A;
  const T = zeros(n, m);
  const t = T.data;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return T;
}

export interface MatmulOptions {
  /** Use Aᵀ instead of A. */
  transA?: boolean;
  /** Use Bᵀ instead of B. */
  transB?: boolean;
  /** Write the product into this m×n matrix (no allocation) and return it; it must not share memory with A or B. */
  out?: Matrix;
}

/** op(A)·op(B) through the active kernels' gemm (op = transpose when the flag is set). */
export function matmul(A: Matrix, B: Matrix, opts: MatmulOptions = {}): Matrix {
  assertMatrix('matmul', 'A', A);
  assertMatrix('matmul', 'B', B);
  const tA = opts.transA === true;
  const tB = opts.transB === true;
  const m = tA ? A.cols : A.rows;
  const k = tA ? A.rows : A.cols;
  const kB = tB ? B.cols : B.rows;
  const n = tB ? B.rows : B.cols;
  if (k !== kB) {
    throw new ShapeError(`matmul: op(A) is ${m}×${k} but op(B) is ${kB}×${n} (A is ${shapeOf(A)}${tA ? ', transposed' : ''}; ` +
      `B is ${shapeOf(B)}${tB ? ', transposed' : ''}); the inner dimensions must match`);
  }
  let C: Matrix;
  if (opts.out === undefined) {
    // gemm with β = 0 writes every entry, so C need not be zeroed first (only the k = 0 product is all zeros)
    C = { rows: m, cols: n, data: k === 0 ? new Float64Array(m * n) : allocOutput(m * n) };
  } else {
    C = opts.out;
    assertMatrix('matmul', 'out', C);
    if (C.rows !== m || C.cols !== n) throw new ShapeError(`matmul: out is ${shapeOf(C)} but the product is ${m}×${n}`);
    if (C.data.buffer === A.data.buffer || C.data.buffer === B.data.buffer) {
      throw new InvalidArgumentError('matmul: out shares memory with A or B; give a separate output matrix');
    }
    if (k === 0) C.data.fill(0);
  }
  if (m === 0 || n === 0) return C;
  if (k === 0) return C;
  kernels().gemm(tA, tB, m, n, k, 1, A.data, B.data, 0, C.data);
  return C;
}

/** A·x for a vector x of length A.cols. */
export function matvec(A: Matrix, x: Float64Array): Float64Array {
  assertMatrix('matvec', 'A', A);
  if (!(x instanceof Float64Array) || x.length !== A.cols) {
    throw new ShapeError(`matvec: A is ${shapeOf(A)} but x has ${x?.length} entries (expected a Float64Array of ${A.cols})`);
  }
  if (A.rows === 0 || A.cols === 0) return new Float64Array(A.rows);
  const y = allocOutput(A.rows); // written in full by gemm (β = 0)
  kernels().gemm(false, false, A.rows, 1, A.cols, 1, A.data, x, 0, y);
  return y;
}

/** Frobenius norm ‖A‖_F = sqrt(Σ A_ij²), scaled to avoid overflow/underflow for extreme entries. */
export function frobenius(A: Matrix): number {
  assertMatrix('frobenius', 'A', A);
  return norm2(A.data);
}

/** Euclidean norm of a vector, scaled by its largest entry so that 1e200 or 1e-200 entries do not overflow/underflow. */
export function norm2(x: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < x.length; i++) { const v = x[i]! / scale; s += v * v; }
  return scale * Math.sqrt(s);
}
