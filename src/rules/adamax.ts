/**
 * torch.optim.Adamax (1.13; Kingma & Ba 2015 §7.1): Adam with the infinity norm in place of the second moment.
 *
 *   t ← t + 1;  g ← ±∇L + weightDecay·θ
 *   m ← β₁m + (1 − β₁)g;   u ← max(β₂u, |g| + eps)
 *   θ ← θ − lr/(1 − β₁ᵗ) · m / u
 *
 * Arguments: lr (default 2e-3), betas, eps, weightDecay, maximize.
 */
import { betasSpec, defineRule, deltaBuffer, effectiveGrad, ema, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import type { Rule } from './types.ts';

export type AdamaxHyper = { lr: number; betas: number[]; eps: number; weightDecay: number; maximize: boolean };
export type AdamaxState = { step: number; expAvg: Float64Array; expInf: Float64Array };

function adamaxRule(id: string, hyper: AdamaxHyper): Rule<AdamaxState, AdamaxHyper> {
  return {
    id,
    hyper,
    init: (theta) => ({ step: 0, expAvg: new Float64Array(theta.length), expInf: new Float64Array(theta.length) }),
    update(ctx, state) {
      const { lr, betas, eps, weightDecay, maximize } = ctx.hyper;
      const b1 = betas[0]!, b2 = betas[1]!, c1 = 1 - b1;
      const g = ctx.grad(), th = ctx.theta;
      const { expAvg: m, expInf: u } = state;
      const delta = deltaBuffer(id, ctx);
      const step = (state.step += 1);
      const negClr = -(lr / (1 - b1 ** step));
      for (let i = 0; i < g.length; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, maximize);
        const mi = ema(m[i]!, d, b1, c1);
        m[i] = mi;
        const ui = Math.max(u[i]! * b2, Math.abs(d) + eps);
        u[i] = ui;
        delta[i] = (negClr * mi) / ui;
      }
      return { delta, state };
    },
  };
}

export const adamax = defineRule<AdamaxHyper>({
  id: 'adamax',
  summary: 'torch.optim.Adamax: Adam with an exponentially weighted infinity norm',
  params: [lrSpec(2e-3), betasSpec, epsSpec(1e-8), weightDecaySpec(), maximizeSpec],
  build: adamaxRule,
});
