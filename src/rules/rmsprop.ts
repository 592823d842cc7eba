/**
 * torch.optim.RMSprop (1.13; Hinton's lecture 6e, centered form from Graves 2013).
 *
 *   g ← ±∇L + weightDecay·θ
 *   v ← alpha·v + (1 − alpha)·g²
 *   centered: ḡ ← alpha·ḡ + (1 − alpha)·g,  ṽ = v − ḡ²;  else ṽ = v
 *   momentum > 0: b ← momentum·b + g/(√ṽ + eps),  θ ← θ − lr·b
 *   else:         θ ← θ − lr·g/(√ṽ + eps)
 *
 * Arguments: lr, alpha, eps, weightDecay, momentum, centered, maximize. (optax's rmsprop defaults to decay 0.9 and
 * eps inside the square root.)
 */
import { defineRule, deltaBuffer, effectiveGrad, ema, emaSquare, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import type { Rule } from './types.ts';

export type RmspropHyper = {
  lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean;
};
/** `gradAvg` and `momentumBuffer` exist from the start (zeros) as in torch, used when centered / momentum > 0. */
export type RmspropState = { step: number; squareAvg: Float64Array; gradAvg: Float64Array; momentumBuffer: Float64Array };

function rmspropRule(id: string, hyper: RmspropHyper): Rule<RmspropState, RmspropHyper> {
  return {
    id,
    hyper,
    init: (theta) => {
      const n = theta.length;
      return { step: 0, squareAvg: new Float64Array(n), gradAvg: new Float64Array(n), momentumBuffer: new Float64Array(n) };
    },
    update(ctx, state) {
      const { lr, alpha, eps, weightDecay, momentum: mu, centered, maximize } = ctx.hyper;
      const g = ctx.grad(), th = ctx.theta;
      const { squareAvg, gradAvg, momentumBuffer: buf } = state;
      const delta = deltaBuffer(id, ctx);
      const c = 1 - alpha;
      state.step += 1;
      for (let i = 0; i < g.length; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, maximize);
        const v = emaSquare(squareAvg[i]!, d, alpha, c);
        squareAvg[i] = v;
        let avg: number;
        if (centered) {
          const ga = ema(gradAvg[i]!, d, alpha, c);
          gradAvg[i] = ga;
          avg = Math.sqrt(v + -1 * ga * ga) + eps; // torch addcmul(ḡ, ḡ, value=−1)
        } else {
          avg = Math.sqrt(v) + eps;
        }
        if (mu > 0) {
          const b = buf[i]! * mu + d / avg;
          buf[i] = b;
          delta[i] = -lr * b;
        } else {
          delta[i] = (-lr * d) / avg;
        }
      }
      return { delta, state };
    },
  };
}

export const rmsprop = defineRule<RmspropHyper>({
  id: 'rmsprop',
  summary: 'torch.optim.RMSprop: gradient scaled by a running RMS, optional centering and momentum',
  params: [
    lrSpec(1e-2),
    { name: 'alpha', kind: 'number', default: 0.99, min: 0, doc: 'smoothing constant of the squared-gradient average' },
    epsSpec(1e-8),
    weightDecaySpec(),
    { name: 'momentum', kind: 'number', default: 0, min: 0, doc: 'momentum factor μ of the scaled step' },
    { name: 'centered', kind: 'boolean', default: false, doc: 'normalise by the estimated variance v − ḡ² instead of v' },
    maximizeSpec,
  ],
  build: rmspropRule,
});
