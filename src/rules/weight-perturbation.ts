/**
 * Weight perturbation (Jabri & Flower 1992; the REINFORCE-style estimator of Williams 1992 for a Gaussian
 * perturbation): probe the loss at a random nearby point and move against the observed change.
 *
 *   ξ ~ N(0, σ²I),  δ = −lr · [L(θ + ξ) − L(θ)] · ξ / σ²
 *
 * E[δ] = −lr·∇L + O(σ²): only the averaged update is gradient-like. A single update is −lr(∇L·ξ)ξ/σ² to first
 * order, a descent direction but at an angle ψ to −∇L with cos ψ ~ 1/√D (a stochastic rule in the sense of
 * arXiv 2409.16422 §2.10). Uses loss values only.
 * Arguments: lr, sigma (perturbation size σ), samples (probes averaged per step).
 */
import { defineRule, deltaBuffer, lrSpec } from './common.ts';

export type WpHyper = { lr: number; sigma: number; samples: number };
export type WpState = { step: number };

export const weightPerturbation = defineRule<WpHyper>({
  id: 'weight-perturbation',
  summary: 'weight perturbation: δ = −lr·[L(θ+ξ) − L(θ)]·ξ/σ², ξ ~ N(0, σ²I) (gradient-free, unbiased to O(σ²))',
  params: [
    lrSpec(1e-2),
    { name: 'sigma', kind: 'number', default: 1e-3, min: 0, minExclusive: true, doc: 'standard deviation σ of the weight perturbation' },
    { name: 'samples', kind: 'integer', default: 1, min: 1, doc: 'perturbations averaged per step' },
  ],
  build: (id, hyper) => ({
    id, hyper,
    init: (): WpState => ({ step: 0 }),
    update(ctx, state: WpState) {
      const { lr, sigma, samples } = ctx.hyper;
      const x = ctx.theta, n = x.length, delta = deltaBuffer(id, ctx);
      delta.fill(0);
      const l0 = ctx.loss(), xi = new Float64Array(n), probe = new Float64Array(n);
      for (let s = 0; s < samples; s++) {
        ctx.rng.fillNormal(xi, 0, sigma);
        for (let i = 0; i < n; i++) probe[i] = x[i]! + xi[i]!;
        const k = -lr * (ctx.lossAt(probe) - l0) / (sigma * sigma * samples);
        for (let i = 0; i < n; i++) delta[i] = delta[i]! + k * xi[i]!;
      }
      state.step += 1;
      return { delta, state };
    },
  }),
});
