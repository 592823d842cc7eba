/**
 * torch.optim.Adagrad (1.13; Duchi, Hazan & Singer 2011).
 *
 *   t ← t + 1;  γ̃ = lr / (1 + (t − 1)·lrDecay)
 *   g ← ±∇L + weightDecay·θ
 *   s ← s + g²                       (s₀ = initialAccumulatorValue)
 *   θ ← θ − γ̃ · g / (√s + eps)
 *
 * Arguments: lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize. (optax's adagrad puts eps inside
 * the square root and starts s at 0.1; set initialAccumulatorValue 0.1 to get its accumulator.)
 */
import { defineRule, deltaBuffer, effectiveGrad, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import type { Rule } from './types.ts';

export type AdagradHyper = {
  lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number; maximize: boolean;
};
export type AdagradState = { step: number; sum: Float64Array };

function adagradRule(id: string, hyper: AdagradHyper): Rule<AdagradState, AdagradHyper> {
  return {
    id,
    hyper,
    init: (theta) => ({ step: 0, sum: new Float64Array(theta.length).fill(hyper.initialAccumulatorValue) }),
    update(ctx, state) {
      const { lr, lrDecay, weightDecay, eps, maximize } = ctx.hyper;
      const g = ctx.grad(), th = ctx.theta, sum = state.sum;
      const delta = deltaBuffer(id, ctx);
      const step = (state.step += 1);
      const negClr = -(lr / (1 + (step - 1) * lrDecay));
      for (let i = 0; i < g.length; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, maximize);
        const s = sum[i]! + d * d; // torch addcmul_(g, g, value=1)
        sum[i] = s;
        delta[i] = (negClr * d) / (Math.sqrt(s) + eps); // torch addcdiv_ rounds (value·g)/std
      }
      return { delta, state };
    },
  };
}

export const adagrad = defineRule<AdagradHyper>({
  id: 'adagrad',
  summary: 'torch.optim.Adagrad: per-coordinate lr from the running sum of squared gradients',
  params: [
    lrSpec(1e-2),
    { name: 'lrDecay', kind: 'number', default: 0, min: 0, doc: 'lr decay: γ̃ = lr / (1 + (t − 1)·lrDecay)' },
    weightDecaySpec(),
    { name: 'initialAccumulatorValue', kind: 'number', default: 0, min: 0, doc: 'starting value s₀ of the squared-gradient sum' },
    epsSpec(1e-10),
    maximizeSpec,
  ],
  build: adagradRule,
});
