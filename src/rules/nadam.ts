/**
 * torch.optim.NAdam (1.13; Dozat 2016): Adam with Nesterov momentum and a momentum-decay schedule.
 *
 *   t ← t + 1;  g ← ∇L + weightDecay·θ
 *   μ_t = β₁(1 − ½·0.96^(t·momentumDecay));   μ_{t+1} likewise;   Π_t = μ_1⋯μ_t
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   denom = √(v/(1 − β₂ᵗ)) + eps
 *   θ ← θ − lr(1 − μ_t)/(1 − Π_t) · g/denom − lr·μ_{t+1}/(1 − Π_t·μ_t·μ_{t+1}) · m/denom
 *
 * Arguments: lr (default 2e-3), betas, eps, weightDecay, momentumDecay. torch 1.13's NAdam has no maximize.
 * torch keeps Π_t in a float32 tensor (`torch.tensor(1.)`), so we round it to float32 too (Math.fround).
 * torch 1.13 multiplies μ_t twice in the second denominator (Dozat has Π_t·μ_{t+1}; fixed in torch 2.0); we match 1.13.
 */
import { betasSpec, defineRule, deltaBuffer, effectiveGrad, ema, emaSquare, epsSpec, lrSpec, weightDecaySpec } from './common.ts';
import type { Rule } from './types.ts';

export type NadamHyper = { lr: number; betas: number[]; eps: number; weightDecay: number; momentumDecay: number };
export type NadamState = { step: number; muProduct: number; expAvg: Float64Array; expAvgSq: Float64Array };

const f32 = Math.fround;

function nadamRule(id: string, hyper: NadamHyper): Rule<NadamState, NadamHyper> {
  return {
    id,
    hyper,
    init: (theta) => ({ step: 0, muProduct: 1, expAvg: new Float64Array(theta.length), expAvgSq: new Float64Array(theta.length) }),
    update(ctx, state) {
      const { lr, betas, eps, weightDecay, momentumDecay } = ctx.hyper;
      const b1 = betas[0]!, b2 = betas[1]!, c1 = 1 - b1, c2 = 1 - b2;
      const g = ctx.grad(), th = ctx.theta;
      const { expAvg: m, expAvgSq: v } = state;
      const delta = deltaBuffer(id, ctx);
      const step = (state.step += 1);
      const bc2 = 1 - b2 ** step;
      const mu = b1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
      const muNext = b1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
      const muProduct = (state.muProduct = f32(state.muProduct * f32(mu))); // float32 tensor × python float
      const muProductNext = f32(f32(muProduct * f32(mu)) * f32(muNext));
      const a = (-lr * (1 - mu)) / (1 - muProduct);
      const b = (-lr * muNext) / (1 - muProductNext);
      for (let i = 0; i < g.length; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, false);
        const mi = ema(m[i]!, d, b1, c1);
        const vi = emaSquare(v[i]!, d, b2, c2);
        m[i] = mi;
        v[i] = vi;
        const denom = Math.sqrt(vi / bc2) + eps;
        delta[i] = (a * d) / denom + (b * mi) / denom; // torch: two addcdiv_ calls on θ
      }
      return { delta, state };
    },
  };
}

export const nadam = defineRule<NadamHyper>({
  id: 'nadam',
  summary: 'torch.optim.NAdam: Adam with Nesterov momentum and momentum decay',
  params: [
    lrSpec(2e-3), betasSpec, epsSpec(1e-8), weightDecaySpec(),
    { name: 'momentumDecay', kind: 'number', default: 4e-3, min: 0, doc: 'ψ in μ_t = β₁(1 − ½·0.96^(tψ))' },
  ],
  build: nadamRule,
});
