/**
 * Conjugate gradient for the damped curvature system (M + λI)·x = b of Hessian-free / natural-gradient steps
 * (Martens 2010 §4): M only as a product v ↦ M·v, a warm start x₀, and a fixed iteration cap, with the product
 * buffer handed back to `apply` for reuse. The vector updates go through the kernels' axpy/dot/scal (BLAS level 1
 * on the native backend): at D ≈ 10⁵ scalar JS loops are CPU-bound at several times the cost of the memory passes,
 * and they were a third of a natural-gradient step. Each phase of an iteration ((M + λI)p and pᵀ(M + λI)p; x, r and
 * ‖r‖²; p) is strip-mined in CHUNK-long pieces, so its 2–3 passes reuse a piece from L2 and OpenBLAS runs these short
 * calls on one thread (no thread hand-off per call, which stalls on a busy machine). Stops when the recurrence
 * residual ‖r‖ ≤ tol·‖b‖ (tol 0: exactly maxIter iterations). linalg's `conjugateGradient` is the checked general
 * solver; this one trusts its (finite, SPD) operator.
 */
import { InvalidArgumentError, NotPositiveDefiniteError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';

/** Strip length of the vector phases: 3 vectors × 8192 doubles = 192 KB stay in L2; below OpenBLAS's 10 000-element threading cut-off. */
const CHUNK = 8192;

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
    let pAp = 0;
    for (let o = 0; o < n; o += CHUNK) {
      const len = Math.min(CHUNK, n - o), pc = p.subarray(o, o + len), ac = Ap.subarray(o, o + len);
      if (lam !== 0) k.axpy(len, lam, pc, ac); // Ap ← (M + λI)p
      pAp += k.dot(len, pc, ac);
    }
    if (!(pAp > 0)) throw new NotPositiveDefiniteError(`dampedCg: pᵀ(M + λI)p = ${pAp} ≤ 0 at iteration ${it}; the curvature must be positive definite (raise damping)`);
    const alpha = rr / pAp;
    let rrNew = 0;
    for (let o = 0; o < n; o += CHUNK) {
      const len = Math.min(CHUNK, n - o), rc = r.subarray(o, o + len);
      k.axpy(len, alpha, p.subarray(o, o + len), x.subarray(o, o + len));
      k.axpy(len, -alpha, Ap.subarray(o, o + len), rc);
      rrNew += k.dot(len, rc, rc);
    }
    const beta = rrNew / rr;
    rr = rrNew;
    it++;
    if (it < opts.maxIter) { // p ← r + βp (not needed after the last iteration)
      for (let o = 0; o < n; o += CHUNK) {
        const len = Math.min(CHUNK, n - o), pc = p.subarray(o, o + len);
        k.scal(len, beta, pc);
        k.axpy(len, 1, r.subarray(o, o + len), pc);
      }
    }
  }
  return { x, iterations: it, residualNorm: Math.sqrt(rr) };
}
