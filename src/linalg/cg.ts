/**
 * Conjugate gradient (Hestenes–Stiefel 1952; preconditioned form as in Saad, "Iterative Methods", Alg. 9.1) for
 * A·x = b with A symmetric positive definite, given only as an operator v ↦ A·v. Stops when the true residual
 * ‖b − A·x‖ ≤ max(tol·‖b‖, atol); the recurrence residual is replaced by the true one whenever it claims convergence.
 */
import { InvalidArgumentError, NotPositiveDefiniteError } from '../errors.ts';
import { checkPositiveInt, checkTolerance, checkVector } from './checks.ts';
import { matvec, norm2, type Matrix } from './matrix.ts';

/** A linear operator on vectors of a fixed length: returns A·v as a new array and must not modify v. */
export type LinearOperator = (v: Float64Array) => Float64Array;

export interface CgOptions {
  /** Relative tolerance on ‖b − A·x‖ / ‖b‖ (default 1e-10). */
  tol?: number;
  /** Absolute tolerance on ‖b − A·x‖ (default 0). */
  atol?: number;
  /** Maximum number of iterations (default 10·n). */
  maxIter?: number;
  /** Initial guess (default zero); not modified. */
  x0?: Float64Array;
  /** Preconditioner r ↦ M⁻¹·r for an SPD M ≈ A (default none). */
  precondition?: LinearOperator;
}

export interface CgResult {
  x: Float64Array;
  iterations: number;
  /** ‖b − A·x‖ of the returned x (true residual). */
  residualNorm: number;
  converged: boolean;
}

/** Wraps a dense matrix as an operator for `conjugateGradient` and `lanczos`. */
export function asOperator(A: Matrix): LinearOperator {
  return (v) => matvec(A, v);
}

export function conjugateGradient(applyA: LinearOperator, b: Float64Array, opts: CgOptions = {}): CgResult {
  const op = 'conjugateGradient';
  if (typeof applyA !== 'function') throw new InvalidArgumentError(`${op}: applyA must be a function v ↦ A·v`);
  const n = b?.length;
  checkVector(op, 'b', b, n);
  const tol = opts.tol ?? 1e-10;
  const atol = opts.atol ?? 0;
  const maxIter = opts.maxIter ?? 10 * n;
  checkTolerance(op, 'tol', tol);
  checkTolerance(op, 'atol', atol);
  checkPositiveInt(op, 'maxIter', maxIter, 0);
  const M = opts.precondition;
  if (M !== undefined && typeof M !== 'function') throw new InvalidArgumentError(`${op}: precondition must be a function r ↦ M⁻¹·r`);
  const apply = (name: string, f: LinearOperator, v: Float64Array): Float64Array => {
    const y = f(v);
    checkVector(op, `${name}(v)`, y, n);
    return y;
  };

  const x = opts.x0 === undefined ? new Float64Array(n) : (checkVector(op, 'x0', opts.x0, n), opts.x0.slice());
  const threshold = Math.max(tol * norm2(b), atol);
  const trueResidual = (): Float64Array => {
    const Ax = apply('applyA', applyA, x);
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = b[i]! - Ax[i]!;
    return r;
  };
  let r = opts.x0 === undefined ? b.slice() : trueResidual();
  let rnorm = norm2(r);
  let z = M ? apply('precondition', M, r) : r;
  let rz = dot(r, z);
  const p = z.slice();
  let it = 0;
  while (rnorm > threshold && it < maxIter) {
    const Ap = apply('applyA', applyA, p);
    const pAp = dot(p, Ap);
    if (!(pAp > 0)) {
      throw new NotPositiveDefiniteError(`${op}: pᵀAp = ${pAp} ≤ 0 at iteration ${it}, so the operator is not positive definite; ` +
        'CG requires a symmetric positive definite A');
    }
    const alpha = rz / pAp;
    for (let i = 0; i < n; i++) { x[i]! += alpha * p[i]!; r[i]! -= alpha * Ap[i]!; }
    it++;
    rnorm = norm2(r);
    if (rnorm <= threshold) {
      r = trueResidual(); // guard against the drift of the recurrence residual
      rnorm = norm2(r);
      if (rnorm <= threshold) break;
    }
    z = M ? apply('precondition', M, r) : r;
    const rzNew = dot(r, z);
    if (M && !(rzNew > 0) && rnorm > 0) {
      throw new NotPositiveDefiniteError(`${op}: rᵀM⁻¹r = ${rzNew} ≤ 0 at iteration ${it}; the preconditioner must be symmetric positive definite`);
    }
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i]! + beta * p[i]!;
  }
  if (it > 0 && rnorm > threshold) rnorm = norm2(trueResidual()); // stopped by maxIter: report the true residual
  return { x, iterations: it, residualNorm: rnorm, converged: rnorm <= threshold };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
