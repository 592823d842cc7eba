/**
 * Conjugate gradient for the damped curvature system (M + λI)·x = b of Hessian-free / natural-gradient steps
 * (Martens 2010 §4): M only as a product v ↦ M·v, a warm start x₀, and a fixed iteration cap, with the product
 * buffer handed back to `apply` for reuse. The vector updates go through the kernels' axpy/dot/scal (BLAS level 1
 * on the native backend): at D ≈ 10⁵ scalar JS loops are CPU-bound at several times the cost of the memory passes,
 * and they were a third of a natural-gradient step. Stops when the recurrence residual ‖r‖ ≤ tol·‖b‖ (tol 0:
 * exactly maxIter iterations). linalg's `conjugateGradient` is the checked general solver; this one trusts its
 * (finite, SPD) operator.
 */
import { InvalidArgumentError, NotPositiveDefiniteError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';

export interface FisherCgResult { x: Float64Array; iterations: number; residualNorm: number }

export function dampedCg(apply: (v: Float64Array, out?: Float64Array) => Float64Array, b: Float64Array, opts: { damping: number; maxIter: number; tol?: number; x0?: Float64Array }): FisherCgResult {
  const n = b.length, lam = opts.damping, tol = opts.tol ?? 0, k = kernels();
  if (!(lam >= 0) || !Number.isInteger(opts.maxIter) || opts.maxIter < 1) {
    throw new InvalidArgumentError(`dampedCg: damping ${lam} must be ≥ 0 and maxIter ${opts.maxIter} an integer ≥ 1`);
  }
  const x = opts.x0 ? Float64Array.from(opts.x0) : new Float64Array(n), r = Float64Array.from(b);
  const bb = k.dot(n, b, b);
  if (opts.x0) {
    const Ax = apply(x);
    k.axpy(n, -1, Ax, r);
    if (lam !== 0) k.axpy(n, -lam, x, r);
  }
  let rr = k.dot(n, r, r);
  const p = Float64Array.from(r), threshold = tol * tol * bb;
  let it = 0, buf: Float64Array | undefined;
  while (it < opts.maxIter && rr > threshold && rr > 0) {
    const Ap = apply(p, buf); // the operator may write into (and return) the previous iteration's buffer
    buf = Ap;
    if (lam !== 0) k.axpy(n, lam, p, Ap); // Ap ← (M + λI)p
    const pAp = k.dot(n, p, Ap);
    if (!(pAp > 0)) throw new NotPositiveDefiniteError(`dampedCg: pᵀ(M + λI)p = ${pAp} ≤ 0 at iteration ${it}; the curvature must be positive definite (raise damping)`);
    const alpha = rr / pAp;
    k.axpy(n, alpha, p, x);
    k.axpy(n, -alpha, Ap, r);
    const rrNew = k.dot(n, r, r), beta = rrNew / rr;
    rr = rrNew;
    it++;
    if (it < opts.maxIter) { k.scal(n, beta, p); k.axpy(n, 1, r, p); } // p ← r + βp (not needed after the last iteration)
  }
  return { x, iterations: it, residualNorm: Math.sqrt(rr) };
}
