/**
 * Plain gradient descent, the reference point of every comparison.
 *
 *   θ ← θ − lr · ∇L(θ)
 *
 * Arguments: lr (learning rate η). On a quadratic ½θᵀAθ − bᵀθ the iterates are θ_k − θ* = (I − ηA)^k (θ_0 − θ*).
 */
import { defineRule, deltaBuffer, lrSpec } from './common.ts';
import type { Rule } from './types.ts';

export type GdHyper = { lr: number };
export type GdState = { step: number };

function gdRule(id: string, hyper: GdHyper): Rule<GdState, GdHyper> {
  return {
    id,
    hyper,
    init: () => ({ step: 0 }),
    update(ctx, state) {
      const g = ctx.grad();
      const delta = deltaBuffer(id, ctx);
      const neg = -ctx.hyper.lr;
      for (let i = 0; i < g.length; i++) delta[i] = neg * g[i]!;
      state.step += 1;
      return { delta, state };
    },
  };
}

export const gd = defineRule<GdHyper>({
  id: 'gd',
  summary: 'gradient descent: θ ← θ − lr·∇L',
  params: [lrSpec(1e-3)],
  build: gdRule,
});
