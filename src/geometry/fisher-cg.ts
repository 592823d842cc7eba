/**
 * Conjugate gradient for the damped curvature system (M + λI)·x = b of Hessian-free / natural-gradient steps
 * (Martens 2010 §4): M only as a product v ↦ M·v, a warm start x₀, and a fixed iteration cap, with the loops fused
 * (one pass for x, r and ‖r‖², one for p) and the product buffer handed back to `apply` for reuse — at D ≈ 10⁵
 * allocation and vector passes are a visible share of a step. Stops when the recurrence residual ‖r‖ ≤ tol·‖b‖ (tol 0: exactly maxIter iterations).
 * linalg's `conjugateGradient` is the checked general solver; this one trusts its (finite, SPD) operator.
 */
import { InvalidArgumentError, NotPositiveDefiniteError } from '../errors.ts';

export interface FisherCgResult { x: Float64Array; iterations: number; residualNorm: number }

export function dampedCg(apply: (v: Float64Array, out?: Float64Array) => Float64Array, b: Float64Array, opts: { damping: number; maxIter: number; tol?: number; x0?: Float64Array }): FisherCgResult {
  const n = b.length, lam = opts.damping, tol = opts.tol ?? 0;
  if (!(lam >= 0) || !Number.isInteger(opts.maxIter) || opts.maxIter < 1) {
    throw new InvalidArgumentError(`dampedCg: damping ${lam} must be ≥ 0 and maxIter ${opts.maxIter} an integer ≥ 1`);
  }
  const x = opts.x0 ? Float64Array.from(opts.x0) : new Float64Array(n), r = Float64Array.from(b);
  let bb = 0;
  for (let i = 0; i < n; i++) bb += b[i]! * b[i]!;
  if (opts.x0) {
    const Ax = apply(x);
    for (let i = 0; i < n; i++) r[i] = r[i]! - Ax[i]! - lam * x[i]!;
  }
  let rr = 0;
  for (let i = 0; i < n; i++) rr += r[i]! * r[i]!;
  const p = Float64Array.from(r), threshold = tol * tol * bb;
  let it = 0, buf: Float64Array | undefined;
  while (it < opts.maxIter && rr > threshold && rr > 0) {
    const Ap = apply(p, buf); // the operator may write into (and return) the previous iteration's buffer
    buf = Ap;
    let pAp = 0;
    for (let i = 0; i < n; i++) { const a = Ap[i]! + lam * p[i]!; Ap[i] = a; pAp += p[i]! * a; }
    if (!(pAp > 0)) throw new NotPositiveDefiniteError(`dampedCg: pᵀ(M + λI)p = ${pAp} ≤ 0 at iteration ${it}; the curvature must be positive definite (raise damping)`);
    const alpha = rr / pAp;
    let rrNew = 0;
    for (let i = 0; i < n; i++) { x[i] = x[i]! + alpha * p[i]!; const ri = r[i]! - alpha * Ap[i]!; r[i] = ri; rrNew += ri * ri; }
    const beta = rrNew / rr;
    for (let i = 0; i < n; i++) p[i] = r[i]! + beta * p[i]!;
    rr = rrNew;
    it++;
  }
  return { x, iterations: it, residualNorm: Math.sqrt(rr) };
}
