/**
 * Direct feedback alignment (Nøkland 2016): every hidden layer receives the output error e through its own fixed
 * random matrix D_l instead of the error backpropagated through the layers above.
 *
 *   δ_l = (D_l e) ⊙ σ'(z_l) for hidden layers,  δ = −lr · (the resulting weight gradients)
 *
 * With one hidden layer it is feedback alignment with D_1 = B_1ᵀ. Needs the `mlp` problem's directFeedbackGrad
 * hook. Arguments: lr, feedbackScale (D entries ~ N(0, scale²)).
 */
import { ConfigError } from '../errors.ts';
import type { Problem } from '../problems/types.ts';
import type { Rng } from '../random/types.ts';
import { defineRule, deltaBuffer, lrSpec } from './common.ts';

export type DfaHyper = { lr: number; feedbackScale: number };
export type DfaState = { step: number; direct: Float64Array[] };

type DirectGrad = (theta: Float64Array, batch: Int32Array | undefined, direct: readonly (Float64Array | undefined)[]) => { value: number; grad: Float64Array };

function hooksOf(problem: Problem): { widths: number[]; directFeedbackGrad: DirectGrad } {
  const h = problem.hooks as { widths?: number[]; directFeedbackGrad?: DirectGrad } | undefined;
  if (!h?.directFeedbackGrad || !h.widths) {
    throw new ConfigError('rule.id', `dfa needs a network problem exposing hooks.directFeedbackGrad (e.g. problem mlp); ${problem.id} has none`);
  }
  return { widths: h.widths, directFeedbackGrad: h.directFeedbackGrad };
}

/** D_l (widths[l]×dout, row-major) for hidden layers l = 1…L−1, entries N(0, scale²); index 0 is unused. */
export function drawDirectFeedback(widths: readonly number[], scale: number, rng: Rng): Float64Array[] {
  const dout = widths[widths.length - 1]!, out: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l + 1 < widths.length; l++) out.push(rng.fillNormal(new Float64Array(widths[l]! * dout), 0, scale));
  return out;
}

export const directFeedbackAlignment = defineRule<DfaHyper>({
  id: 'dfa',
  summary: 'direct feedback alignment (Nøkland 2016): the output error reaches each hidden layer through a fixed random matrix',
  params: [
    lrSpec(0.05),
    { name: 'feedbackScale', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'standard deviation of the entries of the fixed matrices D_l' },
  ],
  build: (id, hyper) => ({
    id, hyper,
    init: (_theta, { problem, rng }): DfaState => ({ step: 0, direct: drawDirectFeedback(hooksOf(problem).widths, hyper.feedbackScale, rng.fork('feedback')) }),
    update(ctx, state: DfaState) {
      const g = hooksOf(ctx.problem).directFeedbackGrad(ctx.theta, ctx.batch, state.direct).grad;
      const delta = deltaBuffer(id, ctx), neg = -ctx.hyper.lr;
      for (let i = 0; i < g.length; i++) delta[i] = neg * g[i]!;
      state.step += 1;
      return { delta, state };
    },
  }),
});
