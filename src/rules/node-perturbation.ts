/**
 * Node perturbation (Williams 1992; Fiete & Seung 2006): inject noise ξ_l ~ N(0, σ²) into every layer's
 * pre-activations, observe the change ΔL of each example's loss, and correlate it with the noise:
 *
 *   ∂ℓ/∂z_l ≈ ΔL · ξ_l / σ²,  δW_l = −lr · mean_i (ΔLᵢ/σ²) ξ_{l+1,i} a_{l,i}ᵀ,  δb_l = −lr · mean_i (ΔLᵢ/σ²) ξ_{l+1,i}
 *
 * with the clean activations a_l. Unbiased to first order in σ: only the averaged update follows −∇L (a
 * stochastic rule, arXiv 2409.16422 §2.10). Needs the `mlp` problem (hooks X, Y, widths, layout, activation);
 * the loss is ½‖f(x) − y‖² per example, as there. Arguments: lr, sigma.
 */
import { ConfigError } from '../errors.ts';
import type { Problem } from '../problems/types.ts';
import { batchIndices } from '../problems/data.ts';
import { defineRule, deltaBuffer, lrSpec } from './common.ts';

export type NpHyper = { lr: number; sigma: number };
export type NpState = { step: number };

const ACT: Record<string, (z: number) => number> = {
  tanh: Math.tanh, relu: (z) => (z > 0 ? z : 0), sigmoid: (z) => 1 / (1 + Math.exp(-z)), linear: (z) => z,
};

interface Net { widths: number[]; layout: { w: number[]; b: number[] }; X: Float64Array; Y: Float64Array; examples: number; f: (z: number) => number }

function netOf(problem: Problem): Net {
  const h = problem.hooks as { widths?: number[]; layout?: Net['layout']; X?: Float64Array; Y?: Float64Array; examples?: number; activation?: string } | undefined;
  const f = h?.activation !== undefined ? ACT[h.activation] : undefined;
  if (!h?.widths || !h.layout || !h.X || !h.Y || h.examples === undefined || !f) {
    throw new ConfigError('rule.id', `node-perturbation needs the mlp problem's hooks (widths, layout, X, Y, activation); ${problem.id} has none`);
  }
  return { widths: h.widths, layout: h.layout, X: h.X, Y: h.Y, examples: h.examples, f };
}

export const nodePerturbation = defineRule<NpHyper>({
  id: 'node-perturbation',
  summary: 'node perturbation: correlate the loss change with noise injected into every pre-activation (gradient-free per layer)',
  params: [
    lrSpec(0.05),
    { name: 'sigma', kind: 'number', default: 1e-3, min: 0, minExclusive: true, doc: 'standard deviation σ of the pre-activation noise' },
  ],
  build: (id, hyper) => ({
    id, hyper,
    init: (_theta, { problem }): NpState => { netOf(problem); return { step: 0 }; },
    update(ctx, state: NpState) {
      const net = netOf(ctx.problem), { widths, layout, X, Y } = net, L = widths.length - 1;
      const din = widths[0]!, dout = widths[L]!, th = ctx.theta, sigma = ctx.hyper.sigma;
      const idx = batchIndices(id, ctx.batch, net.examples), m = idx.length;
      const delta = deltaBuffer(id, ctx);
      delta.fill(0);
      const a = widths.map((w) => new Float64Array(w)), an = widths.map((w) => new Float64Array(w));
      const xi = widths.map((w) => new Float64Array(w));
      // forward pass; with `noise`, ξ_l is added to the pre-activations z_l (l ≥ 1)
      const forward = (acts: Float64Array[], noise: boolean) => {
        for (let l = 0; l < L; l++) {
          const nin = widths[l]!, nout = widths[l + 1]!, W = layout.w[l]!, B = layout.b[l]!, last = l + 1 === L;
          for (let r = 0; r < nout; r++) {
            let s = th[B + r]!;
            for (let c = 0; c < nin; c++) s += th[W + r * nin + c]! * acts[l]![c]!;
            if (noise) s += xi[l + 1]![r]!;
            acts[l + 1]![r] = last ? s : net.f(s);
          }
        }
      };
      const lossOf = (acts: Float64Array[], i: number) => {
        let v = 0; for (let r = 0; r < dout; r++) v += (acts[L]![r]! - Y[i * dout + r]!) ** 2; return v / 2;
      };
      for (let k = 0; k < m; k++) {
        const i = idx[k]!;
        a[0]!.set(X.subarray(i * din, (i + 1) * din)); an[0]!.set(a[0]!);
        forward(a, false);
        for (let l = 1; l <= L; l++) ctx.rng.fillNormal(xi[l]!, 0, sigma);
        forward(an, true);
        const coef = -ctx.hyper.lr * (lossOf(an, i) - lossOf(a, i)) / (sigma * sigma * m);
        for (let l = 0; l < L; l++) {
          const nin = widths[l]!, nout = widths[l + 1]!, W = layout.w[l]!, B = layout.b[l]!;
          for (let r = 0; r < nout; r++) {
            const e = coef * xi[l + 1]![r]!;
            delta[B + r] = delta[B + r]! + e;
            for (let c = 0; c < nin; c++) delta[W + r * nin + c] = delta[W + r * nin + c]! + e * a[l]![c]!;
          }
        }
      }
      state.step += 1;
      return { delta, state };
    },
  }),
});
