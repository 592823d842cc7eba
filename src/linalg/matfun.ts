/**
 * Functions of a symmetric matrix through its eigendecomposition: f(A) = V·diag(f(λ))·Vᵀ (Higham, "Functions of
 * Matrices", §4.5 — exact for symmetric A up to the accuracy of eigh). Results are symmetrised.
 * Eigenvalues in [−psdTol·max|λ|, 0) count as rounding noise of a PSD matrix and are set to 0 where f needs λ ≥ 0
 * (sqrtm, fractional powm); anything more negative is an error.
 */
import { InvalidArgumentError, NonFiniteError, NotPositiveDefiniteError, SingularMatrixError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { checkTolerance } from './checks.ts';
import { eighFor, type SymmetricOptions } from './eigh.ts';
import { shapeOf, type Matrix } from './matrix.ts';

export interface MatfunOptions extends SymmetricOptions {
  /** Relative tolerance for slightly negative eigenvalues of a PSD input (default 1e-12). */
  psdTol?: number;
}

/** f(A) for symmetric A and a scalar function f applied to each eigenvalue (f must return finite numbers). */
export function funm(A: Matrix, f: (lambda: number) => number, opts: SymmetricOptions = {}): Matrix {
  if (typeof f !== 'function') throw new InvalidArgumentError('funm: f must be a function of one eigenvalue');
  const { values, vectors } = eighFor('funm', A, opts);
  return apply('funm', values, vectors, f);
}

/** The symmetric PSD square root A^{1/2} of a symmetric positive semidefinite A. */
export function sqrtm(A: Matrix, opts: MatfunOptions = {}): Matrix {
  const { values, vectors } = eighFor('sqrtm', A, opts);
  clampPsd('sqrtm', A, values, opts.psdTol);
  return apply('sqrtm', values, vectors, Math.sqrt);
}

/** exp(A) for symmetric A. */
export function expm(A: Matrix, opts: SymmetricOptions = {}): Matrix {
  const { values, vectors } = eighFor('expm', A, opts);
  return apply('expm', values, vectors, Math.exp);
}

/** log(A) for symmetric positive definite A. */
export function logm(A: Matrix, opts: SymmetricOptions = {}): Matrix {
  const { values, vectors } = eighFor('logm', A, opts);
  requirePositive('logm', A, values);
  return apply('logm', values, vectors, Math.log);
}

/**
 * A^p for symmetric A. Integer p: any symmetric A (p < 0 needs A nonsingular). Fractional p: A must be PSD
 * (positive definite when p < 0).
 */
export function powm(A: Matrix, p: number, opts: MatfunOptions = {}): Matrix {
  if (typeof p !== 'number' || !Number.isFinite(p)) throw new InvalidArgumentError(`powm: p is ${p}; a finite number is accepted`);
  const { values, vectors } = eighFor('powm', A, opts);
  if (Number.isInteger(p)) {
    if (p < 0 && values.some((l) => l === 0)) {
      throw new SingularMatrixError(`powm: A (${shapeOf(A)}) has a zero eigenvalue, so A^${p} does not exist; p ≥ 0 or a nonsingular A is required`);
    }
    return apply('powm', values, vectors, (l) => l ** p);
  }
  if (p < 0) requirePositive('powm', A, values);
  else clampPsd('powm', A, values, opts.psdTol);
  return apply('powm', values, vectors, (l) => l ** p);
}

function clampPsd(op: string, A: Matrix, values: Float64Array, psdTol = 1e-12): void {
  checkTolerance(op, 'psdTol', psdTol);
  let scale = 0;
  for (const l of values) scale = Math.max(scale, Math.abs(l));
  for (let i = 0; i < values.length; i++) {
    const l = values[i]!;
    if (l >= 0) continue;
    if (l < -psdTol * scale) {
      throw new NotPositiveDefiniteError(`${op}: A (${shapeOf(A)}) has eigenvalue ${l} < 0 (beyond −psdTol·max|λ| = ${-psdTol * scale}); ` +
        'a symmetric positive semidefinite matrix is required');
    }
    values[i] = 0; // rounding noise of a PSD matrix, within the documented psdTol
  }
}

function requirePositive(op: string, A: Matrix, values: Float64Array): void {
  if (values.length > 0 && !(values[0]! > 0)) {
    throw new NotPositiveDefiniteError(`${op}: A (${shapeOf(A)}) has smallest eigenvalue ${values[0]} ≤ 0; a symmetric positive definite matrix is required`);
  }
}

/** V·diag(f(λ))·Vᵀ, symmetrised. */
function apply(op: string, values: Float64Array, V: Matrix, f: (l: number) => number): Matrix {
  const n = values.length;
  const fl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    fl[i] = f(values[i]!);
    if (!Number.isFinite(fl[i]!)) throw new NonFiniteError(`${op}: f(λ) = ${fl[i]} for eigenvalue λ = ${values[i]}; the result would not be finite`);
  }
  const W = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) W[r * n + c] = V.data[r * n + c]! * fl[c]!;
  const out = new Float64Array(n * n);
  if (n > 0) kernels().gemm(false, true, n, n, n, 1, W, V.data, 0, out);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (out[i * n + j]! + out[j * n + i]!);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: out };
}
