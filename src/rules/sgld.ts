/**
 * Stochastic gradient Langevin dynamics (Welling & Teh 2011) with their step sizes ε_t = lr·(b + t)^(−γ):
 *
 *   θ ← θ − (ε_t/2)·dataScale·∇L_batch(θ) + √(ε_t·T)·ξ
 *
 * i.e. ULA with step ε_t/2 on U = dataScale·L (for a posterior with mean-loss problems, dataScale = N so
 * U = −log posterior). No accept step; the bias vanishes as ε_t → 0. Posterior means use the step-weighted
 * estimate Σ ε_t θ_t / Σ ε_t, kept in state as `weightedMean` (with `weightSum` = Σ ε_t).
 */
import { defineRule, deltaBuffer, lrSpec } from './common.ts';
import { temperatureSpec } from './langevin.ts';

export type SgldHyper = { lr: number; b: number; gamma: number; temperature: number; dataScale: number };
export type SgldState = { step: number; epsilon: number; weightSum: number; weightedMean: Float64Array };

/** ε_t = a·(b + t)^(−γ) (Welling–Teh). */
export function sgldStep(a: number, b: number, gamma: number, t: number): number {
  return a * Math.pow(b + t, -gamma);
}

export const sgld = defineRule<SgldHyper>({
  id: 'sgld',
  summary: 'SGLD (Welling–Teh): step ε_t = lr·(b + t)^−γ, θ ← θ − (ε_t/2)∇U + √(ε_t T)ξ, step-weighted mean in state',
  params: [
    lrSpec(1e-2),
    { name: 'b', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'offset b of ε_t = lr·(b + t)^−γ' },
    { name: 'gamma', kind: 'number', default: 0.55, min: 0, max: 1, doc: 'decay exponent γ (Welling–Teh: (0.5, 1] for convergence; 0 = constant step)' },
    temperatureSpec,
    { name: 'dataScale', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'U = dataScale·L (N for a posterior from a mean loss)' },
  ],
  build: (id, hyper) => ({
    id, hyper,
    init: (theta): SgldState => ({ step: 0, epsilon: 0, weightSum: 0, weightedMean: new Float64Array(theta.length) }),
    update(ctx, state: SgldState) {
      const { lr, b, gamma, temperature, dataScale } = ctx.hyper;
      const eps = sgldStep(lr, b, gamma, ctx.step);
      const x = ctx.theta, g = ctx.grad(), delta = deltaBuffer(id, ctx), n = delta.length;
      const W = state.weightSum + eps, m = state.weightedMean;
      for (let i = 0; i < n; i++) m[i] = m[i]! + (eps / W) * (x[i]! - m[i]!);
      state.weightSum = W;
      ctx.rng.fillNormal(delta, 0, Math.sqrt(eps * temperature));
      for (let i = 0; i < n; i++) delta[i] = delta[i]! - 0.5 * eps * dataScale * g[i]!;
      state.epsilon = eps;
      state.step += 1;
      return { delta, state };
    },
  }),
});
