/**
 * torch.optim.RAdam (1.13; Liu et al. 2020): Adam whose adaptive step is switched on, with a variance
 * rectification factor, once the approximated SMA length ρ_t exceeds 5.
 *
 *   t ← t + 1;  g ← ∇L + weightDecay·θ
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   m̂ = m/(1 − β₁ᵗ)
 *   ρ_∞ = 2/(1 − β₂) − 1;   ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
 *   ρ_t > 5: r = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t)),  θ ← θ − lr·m̂·√(1 − β₂ᵗ)/(√v + eps)·r
 *   else:    θ ← θ − lr·m̂
 *
 * Arguments: lr, betas, eps, weightDecay. torch 1.13's RAdam has no maximize.
 */
import { betasSpec, defineRule, deltaBuffer, effectiveGrad, ema, emaSquare, epsSpec, lrSpec, weightDecaySpec } from './common.ts';
import type { Rule } from './types.ts';

export type RadamHyper = { lr: number; betas: number[]; eps: number; weightDecay: number };
export type RadamState = { step: number; expAvg: Float64Array; expAvgSq: Float64Array };

function radamRule(id: string, hyper: RadamHyper): Rule<RadamState, RadamHyper> {
  return {
    id,
    hyper,
    init: (theta) => ({ step: 0, expAvg: new Float64Array(theta.length), expAvgSq: new Float64Array(theta.length) }),
    update(ctx, state) {
      const { lr, betas, eps, weightDecay } = ctx.hyper;
      const b1 = betas[0]!, b2 = betas[1]!, c1 = 1 - b1, c2 = 1 - b2;
      const g = ctx.grad(), th = ctx.theta;
      const { expAvg: m, expAvgSq: v } = state;
      const delta = deltaBuffer(id, ctx);
      const step = (state.step += 1);
      const bc1 = 1 - b1 ** step;
      const bc2 = 1 - b2 ** step;
      const rhoInf = 2 / (1 - b2) - 1;
      const rhoT = rhoInf - (2 * step * b2 ** step) / bc2;
      const rectified = rhoT > 5;
      const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
      const bc2Sqrt = Math.sqrt(bc2);
      for (let i = 0; i < g.length; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, false);
        const mi = ema(m[i]!, d, b1, c1);
        const vi = emaSquare(v[i]!, d, b2, c2);
        m[i] = mi;
        v[i] = vi;
        const mHat = mi / bc1;
        // torch: `√bc2 / t` is t.reciprocal() * √bc2, then ((m̂·lr)·adaptive)·r
        delta[i] = rectified ? -((mHat * lr * ((1 / (Math.sqrt(vi) + eps)) * bc2Sqrt)) * rect) : -(mHat * lr);
      }
      return { delta, state };
    },
  };
}

export const radam = defineRule<RadamHyper>({
  id: 'radam',
  summary: 'torch.optim.RAdam: Adam with variance rectification (SGD with momentum while ρ_t ≤ 5)',
  params: [lrSpec(1e-3), betasSpec, epsSpec(1e-8), weightDecaySpec()],
  build: radamRule,
});
