/** Shared checks for problem tests: central-difference gradients and Hessians. */
import assert from 'node:assert/strict';
import type { Problem, Batch } from '../../src/problems/types.ts';

/** Central differences of the loss at θ, step h·max(1, |θᵢ|). */
export function fdGrad(p: Problem, theta: Float64Array, batch?: Batch, h = 1e-6): Float64Array {
  const g = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const t = Float64Array.from(theta);
    const step = h * Math.max(1, Math.abs(theta[i]!));
    t[i] = theta[i]! + step; const fp = p.loss(t, batch);
    t[i] = theta[i]! - step; const fm = p.loss(t, batch);
    g[i] = (fp - fm) / (2 * step);
  }
  return g;
}

/** Asserts ‖a − b‖∞ ≤ tol·max(1, ‖b‖∞), with a message naming `what`. */
export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  let scale = 1, err = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < b.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
  assert.ok(err <= tol * scale, `${what}: max error ${err} > ${tol}·${scale}\n got ${Array.from(a).slice(0, 8)}\n want ${Array.from(b).slice(0, 8)}`);
}

/** Checks grad against central differences and (if present) the Hessian against differences of grad. */
export function checkDerivatives(p: Problem, theta: Float64Array, batch?: Batch, tol = 1e-6): void {
  assertClose(p.grad(theta, batch), fdGrad(p, theta, batch), tol, `${p.id} grad at ${Array.from(theta).slice(0, 4)}`);
  if (p.valueAndGrad) {
    const vg = p.valueAndGrad(theta, batch);
    assertClose([vg.value], [p.loss(theta, batch)], 1e-12, `${p.id} valueAndGrad value`);
    assertClose(vg.grad, p.grad(theta, batch), 1e-12, `${p.id} valueAndGrad grad`);
  }
  if (p.hessian) {
    const n = theta.length, h = p.hessian(theta, batch), fd = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const step = 1e-6 * Math.max(1, Math.abs(theta[j]!));
      const tp = Float64Array.from(theta); tp[j] = theta[j]! + step;
      const tm = Float64Array.from(theta); tm[j] = theta[j]! - step;
      const gp = p.grad(tp, batch), gm = p.grad(tm, batch);
      for (let i = 0; i < n; i++) fd[i * n + j] = (gp[i]! - gm[i]!) / (2 * step);
    }
    assertClose(h, fd, tol, `${p.id} hessian`);
  }
}
