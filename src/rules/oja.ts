/**
 * Oja's rule (Oja 1982): a single linear neuron y = wᵀx with Hebbian growth and a local decay term,
 *
 *   δ = lr · mean_i yᵢ (xᵢ − yᵢ w),   yᵢ = wᵀxᵢ   (= lr·(Cw − (wᵀCw) w) over the batch)
 *
 * which converges to the top principal component of the data. It is not the gradient of any loss it is run on,
 * but on the `pca` problem it is natural gradient descent (see src/problems/pca.ts). Needs a data problem with
 * hooks.X and hooks.features = dim (e.g. pca). Arguments: lr.
 */
import { ConfigError } from '../errors.ts';
import type { Problem } from '../problems/types.ts';
import { batchIndices } from '../problems/data.ts';
import { defineRule, deltaBuffer, lrSpec } from './common.ts';

export type OjaHyper = { lr: number };
export type OjaState = { step: number };

function dataOf(problem: Problem): { X: Float64Array; n: number; d: number } {
  const h = problem.hooks as { X?: Float64Array; examples?: number; features?: number } | undefined;
  if (!h?.X || h.features !== problem.dim || h.examples === undefined) {
    throw new ConfigError('rule.id', `oja needs a data problem whose parameters are one weight per feature (hooks.X, hooks.features = dim), e.g. pca; ${problem.id} is not`);
  }
  return { X: h.X, n: h.examples, d: h.features };
}

export const oja = defineRule<OjaHyper>({
  id: 'oja',
  summary: "Oja's Hebbian rule: δ = lr·mean y(x − y w), y = wᵀx (top principal component)",
  params: [lrSpec(0.01)],
  build: (id, hyper) => ({
    id, hyper,
    init: (_theta, { problem }): OjaState => { dataOf(problem); return { step: 0 }; },
    update(ctx, state: OjaState) {
      const { X, n, d } = dataOf(ctx.problem);
      const w = ctx.theta, idx = batchIndices(id, ctx.batch, n), m = idx.length;
      const delta = deltaBuffer(id, ctx);
      delta.fill(0);
      const k = ctx.hyper.lr / m;
      for (let t = 0; t < m; t++) {
        const off = idx[t]! * d;
        let y = 0; for (let j = 0; j < d; j++) y += X[off + j]! * w[j]!;
        for (let j = 0; j < d; j++) delta[j] = delta[j]! + k * y * (X[off + j]! - y * w[j]!);
      }
      state.step += 1;
      return { delta, state };
    },
  }),
});
