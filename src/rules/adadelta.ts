/**
 * torch.optim.Adadelta (1.13; Zeiler 2012).
 *
 *   g ← ±∇L + weightDecay·θ
 *   v ← rho·v + (1 − rho)·g²
 *   Δ = √(u + eps) / √(v + eps) · g
 *   u ← rho·u + (1 − rho)·Δ²
 *   θ ← θ − lr·Δ
 *
 * Arguments: lr, rho, eps, weightDecay, maximize.
 */
import { defineRule, deltaBuffer, effectiveGrad, emaSquare, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import type { Rule } from './types.ts';

export type AdadeltaHyper = { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean };
export type AdadeltaState = { step: number; squareAvg: Float64Array; accDelta: Float64Array };

function adadeltaRule(id: string, hyper: AdadeltaHyper): Rule<AdadeltaState, AdadeltaHyper> {
  return {
    id,
    hyper,
    init: (theta) => ({ step: 0, squareAvg: new Float64Array(theta.length), accDelta: new Float64Array(theta.length) }),
    update(ctx, state) {
      const { lr, rho, eps, weightDecay, maximize } = ctx.hyper;
      const g = ctx.grad(), th = ctx.theta;
      const { squareAvg, accDelta } = state;
      const delta = deltaBuffer(id, ctx);
      const c = 1 - rho;
      state.step += 1;
      for (let i = 0; i < g.length; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, maximize);
        const v = emaSquare(squareAvg[i]!, d, rho, c);
        squareAvg[i] = v;
        const step = (Math.sqrt(accDelta[i]! + eps) / Math.sqrt(v + eps)) * d;
        accDelta[i] = emaSquare(accDelta[i]!, step, rho, c);
        delta[i] = -lr * step;
      }
      return { delta, state };
    },
  };
}

export const adadelta = defineRule<AdadeltaHyper>({
  id: 'adadelta',
  summary: 'torch.optim.Adadelta: step size from the ratio of running RMS of updates and of gradients',
  params: [
    lrSpec(1.0),
    { name: 'rho', kind: 'number', default: 0.9, min: 0, max: 1, doc: 'decay rate of the running averages' },
    epsSpec(1e-6, 'term ε added inside both square roots'),
    weightDecaySpec(),
    maximizeSpec,
  ],
  build: adadeltaRule,
});
