/**
 * Feedback alignment (Lillicrap, Cownden, Tweed & Akerman 2016): backpropagation with the transposed forward
 * weights W_lᵀ replaced by fixed random feedback matrices B_l, drawn once at init.
 *
 *   δ = −lr · ∇̃L(θ),  ∇̃L = the backward pass of the network with B_l in place of W_lᵀ (l ≥ 1)
 *
 * The last layer's update equals backprop's; the hidden layers' do not, so the update is not −∇L — yet it is
 * natural gradient descent wherever it is a descent direction (arXiv 2409.16422, reference §3.2). Needs a problem
 * with the `feedbackGrad` hook (the `mlp` problem). Arguments: lr, feedbackScale (B entries ~ N(0, scale²)).
 */
import { ConfigError } from '../errors.ts';
import type { Problem } from '../problems/types.ts';
import type { Rng } from '../random/types.ts';
import { defineRule, deltaBuffer, lrSpec } from './common.ts';

export type FaHyper = { lr: number; feedbackScale: number };
export type FaState = { step: number; feedback: Float64Array[] };

type FeedbackGrad = (theta: Float64Array, batch: Int32Array | undefined, feedback: readonly (Float64Array | undefined)[]) => { value: number; grad: Float64Array };

function hooksOf(rule: string, problem: Problem): { widths: number[]; feedbackGrad: FeedbackGrad } {
  const h = problem.hooks as { widths?: number[]; feedbackGrad?: FeedbackGrad } | undefined;
  if (!h?.feedbackGrad || !h.widths) {
    throw new ConfigError('rule.id', `${rule} needs a network problem exposing hooks.feedbackGrad and hooks.widths (e.g. problem mlp); ${problem.id} has none`);
  }
  return { widths: h.widths, feedbackGrad: h.feedbackGrad };
}

/** B_l (shaped like W_l: widths[l+1]×widths[l], row-major) for l ≥ 1, entries N(0, scale²); index 0 is unused. */
export function drawFeedback(widths: readonly number[], scale: number, rng: Rng): Float64Array[] {
  const out: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l + 1 < widths.length; l++) out.push(rng.fillNormal(new Float64Array(widths[l]! * widths[l + 1]!), 0, scale));
  return out;
}

/** The rule draws its B from this stream of its generator, so a caller can rebuild them (e.g. for the averaged update). */
export const FEEDBACK_STREAM = 'feedback';

export const feedbackAlignment = defineRule<FaHyper>({
  id: 'fa',
  summary: 'feedback alignment (Lillicrap et al. 2016): backprop with fixed random feedback matrices B_l in place of W_lᵀ',
  params: [
    lrSpec(0.05),
    { name: 'feedbackScale', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'standard deviation of the entries of the fixed feedback matrices B_l' },
  ],
  build: (id, hyper) => ({
    id, hyper,
    init: (_theta, { problem, rng }): FaState => {
      const { widths } = hooksOf(id, problem);
      return { step: 0, feedback: drawFeedback(widths, hyper.feedbackScale, rng.fork(FEEDBACK_STREAM)) };
    },
    update(ctx, state: FaState) {
      const { feedbackGrad } = hooksOf(id, ctx.problem);
      const g = feedbackGrad(ctx.theta, ctx.batch, state.feedback).grad;
      const delta = deltaBuffer(id, ctx), neg = -ctx.hyper.lr;
      for (let i = 0; i < g.length; i++) delta[i] = neg * g[i]!;
      state.step += 1;
      return { delta, state };
    },
  }),
});
