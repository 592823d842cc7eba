/**
 * KL divergence between the predictive distributions of two parameter vectors, averaged over the batch:
 *   KL(θ ‖ θ') = (1/m) Σᵢ KL(p(·|xᵢ, θ) ‖ p(·|xᵢ, θ')),
 * and its gradient in θ'. Its Hessian in θ' at θ' = θ is the true Fisher F(θ) (Amari 1998): the gradient of the
 * f-space KL vanishes there, leaving Jᵀ·Fisher_f·J; `test/fisher` checks this to 1e-8.
 */
import type { Batch } from '../problems/types.ts';
import type { Predictive } from '../problems/predictive.ts';

/** Mean KL(p(·|x, θ) ‖ p(·|x, θ2)) over `batch`. */
export function klDivergence(pred: Predictive, theta: Float64Array, theta2: Float64Array, batch?: Batch): number {
  const K = pred.family.outputs;
  const f = pred.linearize(theta, batch).outputs, g = pred.linearize(theta2, batch).outputs, m = f.length / K;
  let s = 0;
  for (let i = 0; i < m; i++) s += pred.family.kl(f.subarray(i * K, (i + 1) * K), g.subarray(i * K, (i + 1) * K));
  return s / m;
}

/** ∇_{θ2} of the mean KL(θ ‖ θ2): J(θ2)ᵀ ∇_g KL / m. */
export function klGradient(pred: Predictive, theta: Float64Array, theta2: Float64Array, batch?: Batch): Float64Array {
  const K = pred.family.outputs, f = pred.linearize(theta, batch).outputs, lin2 = pred.linearize(theta2, batch), m = lin2.m;
  const u = new Float64Array(m * K);
  for (let i = 0; i < m; i++) {
    pred.family.dkl(f.subarray(i * K, (i + 1) * K), lin2.outputs.subarray(i * K, (i + 1) * K), u.subarray(i * K, (i + 1) * K));
  }
  for (let j = 0; j < u.length; j++) u[j] = u[j]! / m;
  return lin2.vjp(u);
}
