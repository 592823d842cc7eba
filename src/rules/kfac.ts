/**
 * K-FAC for fully connected layers (Martens & Grosse 2015): per layer the Fisher block is approximated by
 * Ā ⊗ G with Ā = E[ā āᵀ] (layer input with a 1 appended for the bias) and G = E[s sᵀ] (s = ∂(−log p)/∂ pre-activation),
 * with labels sampled from the model (fisher 'true', one draw per example) or the data labels ('empirical').
 *
 *   every `statsEvery` steps: Ā ← decay·Ā + (1 − decay)·Ā_batch;  G likewise   (first step: the batch statistics)
 *   every `updateEvery` steps: π = √((tr Ā/(in+1)) / (tr G/out)),  Ā⁻¹ = (Ā + π√λ·I)⁻¹,  G⁻¹ = (G + √λ/π·I)⁻¹
 *   [ΔW Δb] = G⁻¹·[∇W ∇b]·Ā⁻¹;  v ← momentum·v + Δ;  δ = −lr·v
 *
 * (factored Tikhonov damping with the π correction, §6.3; piCorrection false uses π = 1.) The ridge l2 of the problem
 * is in ∇L. Needs a problem whose predictive exposes its layers (mlp, mlp-classifier).
 * Arguments: lr, damping, updateEvery, statsEvery, decay, fisher, piCorrection, momentum. Scratch buffers (ā per
 * layer, the gradient blocks) live with the rule instance, not in its state; the factors and their inverses are
 * updated in place (the average inside syrk, the inverses by potrf + potri into the previous inverse's array).
 */
import { NotPositiveDefiniteError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { predictiveOf } from '../geometry/fisher.ts';
import { gradientFrom } from './natural-gradient.ts';
import { sampleTargets } from '../problems/predictive.ts';
import { defineRule, deltaBuffer, invalid, lrSpec } from './common.ts';
import type { Rule } from './types.ts';

export type KfacHyper = { lr: number; damping: number; updateEvery: number; statsEvery: number; decay: number; fisher: 'true' | 'empirical'; piCorrection: boolean; momentum: number };
export type KfacState = {
  step: number;
  /** Per layer: Ā ((in+1)², row-major), G (out²), and their damped inverses. */
  A: Float64Array[]; G: Float64Array[]; Ainv: Float64Array[]; Ginv: Float64Array[];
  velocity: Float64Array | null;
};

/** (M + c·I)⁻¹ for SPD n×n M by Cholesky (potrf) and the inverse from the factor (potri), into `out` when given. */
export function dampedInverse(M: Float64Array, n: number, c: number, what: string, out?: Float64Array): Float64Array {
  const A = out instanceof Float64Array && out.length === n * n ? out : new Float64Array(n * n);
  A.set(M.subarray(0, n * n));
  for (let i = 0; i < n; i++) A[i * n + i] = A[i * n + i]! + c;
  const k = kernels(), info = k.potrf(n, A);
  if (info !== 0) throw new NotPositiveDefiniteError(`kfac: ${what} + ${c}·I is not positive definite (pivot ${info}); raise damping`);
  k.potri(n, A); // L has a positive diagonal here, so potri cannot fail
  return A;
}

function trace(M: Float64Array, n: number): number { let s = 0; for (let i = 0; i < n; i++) s += M[i * n + i]!; return s; }

function kfacRule(id: string, hyper: KfacHyper): Rule<KfacState, KfacHyper> {
  let layerWidths: readonly number[] | null = null, offsets: { w: readonly number[]; b: readonly number[] } | null = null;
  const scratch = new Map<string, Float64Array>();
  const buffer = (key: string, n: number) => {
    let b = scratch.get(key);
    if (!b || b.length !== n) { b = new Float64Array(n); scratch.set(key, b); }
    return b;
  };
  /** Batch factors Ā_l, G_l (output cotangents at sampled or data labels, no 1/m) folded into the running averages. */
  const accumulate = (ctx: Parameters<Rule<KfacState, KfacHyper>['update']>[0], state: KfacState, h: KfacHyper) => {
    const pred = predictiveOf(ctx.problem, id), fam = pred.family, k = kernels();
    const lin = pred.linearize(ctx.theta, ctx.batch), lay = lin.layers!, m = lin.m, K = fam.outputs, T = fam.targets;
    layerWidths = lay.widths; offsets = lay.offsets;
    const y = h.fisher === 'true' ? sampleTargets(fam, lin.outputs, ctx.rng) : lin.targets;
    const u = buffer('u', m * K);
    for (let i = 0; i < m; i++) fam.dnll(lin.outputs.subarray(i * K, (i + 1) * K), y.subarray(i * T, (i + 1) * T), u.subarray(i * K, (i + 1) * K));
    const s = lay.backprop(u), first = state.A.length === 0, a = h.decay;
    for (let l = 0; l + 1 < lay.widths.length; l++) {
      const nin = lay.widths[l]! + 1, nout = lay.widths[l + 1]!, x = lay.inputs[l]!;
      const abar = buffer(`abar${l}`, m * nin);
      for (let i = 0; i < m; i++) { abar.set(x.subarray(i * (nin - 1), (i + 1) * (nin - 1)), i * nin); abar[i * nin + nin - 1] = 1; }
      if (first) { state.A[l] = new Float64Array(nin * nin); state.G[l] = new Float64Array(nout * nout); }
      // the running average in the syrk itself: F ← decay·F + ((1 − decay)/m)·XᵀX (first step: (1/m)·XᵀX)
      const alpha = first ? 1 / m : (1 - a) / m, beta = first ? 0 : a;
      k.syrk(true, nin, m, alpha, abar, beta, state.A[l]!);
      k.syrk(true, nout, m, alpha, s[l]!, beta, state.G[l]!);
    }
    return gradientFrom(pred, lin, ctx.theta);
  };
  return {
    id,
    hyper,
    init: (theta, { problem }) => {
      const lin = predictiveOf(problem, id).linearize(theta, Int32Array.of(0));
      if (!lin.layers) invalid(id, 'problem', `problem '${problem.id}' does not expose its layers; K-FAC needs mlp or mlp-classifier`);
      layerWidths = lin.layers.widths; offsets = lin.layers.offsets;
      return { step: 0, A: [], G: [], Ainv: [], Ginv: [], velocity: null };
    },
    update(ctx, state) {
      const h = ctx.hyper, k = kernels(), D = ctx.theta.length;
      // on statistics steps the gradient comes from the same forward pass (= ctx.grad() for predictive problems)
      const g = state.step % h.statsEvery === 0 ? accumulate(ctx, state, h) : ctx.grad();
      const widths = layerWidths!, L = widths.length - 1;
      if (state.step % h.updateEvery === 0) {
        const root = Math.sqrt(h.damping);
        for (let l = 0; l < L; l++) {
          const nin = widths[l]! + 1, nout = widths[l + 1]!, A = state.A[l]!, G = state.G[l]!;
          const ta = trace(A, nin) / nin, tg = trace(G, nout) / nout;
          const pi = h.piCorrection && ta > 0 && tg > 0 ? Math.sqrt(ta / tg) : 1;
          state.Ainv[l] = dampedInverse(A, nin, pi * root, `Ā of layer ${l}`, state.Ainv[l]);
          state.Ginv[l] = dampedInverse(G, nout, root / pi, `G of layer ${l}`, state.Ginv[l]);
        }
      }
      // Δ_l = G⁻¹ [∇W ∇b] Ā⁻¹, gathered into θ's layout
      const dir = new Float64Array(D);
      for (let l = 0; l < L; l++) {
        const nin = widths[l]! + 1, nout = widths[l + 1]!, ow = offsets!.w[l]!, ob = offsets!.b[l]!;
        const Gr = buffer(`Gr${l}`, nout * nin), tmp = buffer(`tmp${l}`, nout * nin), out = buffer(`out${l}`, nout * nin);
        for (let r = 0; r < nout; r++) { Gr.set(g.subarray(ow + r * (nin - 1), ow + (r + 1) * (nin - 1)), r * nin); Gr[r * nin + nin - 1] = g[ob + r]!; }
        k.gemm(false, false, nout, nin, nout, 1, state.Ginv[l]!, Gr, 0, tmp);
        k.gemm(false, false, nout, nin, nin, 1, tmp, state.Ainv[l]!, 0, out);
        for (let r = 0; r < nout; r++) { dir.set(out.subarray(r * nin, r * nin + nin - 1), ow + r * (nin - 1)); dir[ob + r] = out[r * nin + nin - 1]!; }
      }
      if (h.momentum > 0) {
        const v = state.velocity ?? new Float64Array(D);
        for (let i = 0; i < D; i++) v[i] = h.momentum * v[i]! + dir[i]!;
        state.velocity = v;
        dir.set(v);
      }
      const delta = deltaBuffer(id, ctx);
      for (let i = 0; i < D; i++) delta[i] = -h.lr * dir[i]!;
      state.step += 1;
      return { delta, state };
    },
  };
}

export const kfac = defineRule<KfacHyper>({
  id: 'kfac',
  summary: 'K-FAC for MLP layers: Kronecker-factored Fisher blocks Ā ⊗ G, factored Tikhonov damping, inverses every k steps',
  params: [
    lrSpec(0.1),
    { name: 'damping', kind: 'number', default: 1e-2, min: 0, minExclusive: true, doc: 'Tikhonov damping λ (split over the factors as π√λ and √λ/π)' },
    { name: 'updateEvery', kind: 'integer', default: 10, min: 1, doc: 'recompute the damped factor inverses every k steps' },
    { name: 'statsEvery', kind: 'integer', default: 1, min: 1, doc: 'recompute the factor statistics every k steps (1 = every step, as Martens & Grosse)' },
    { name: 'decay', kind: 'number', default: 0.95, min: 0, max: 1, maxExclusive: true, doc: 'exponential moving average of the factors' },
    { name: 'fisher', kind: 'enum', values: ['true', 'empirical'], default: 'true', doc: "'true': labels sampled from the model (K-FAC proper); 'empirical': data labels" },
    { name: 'piCorrection', kind: 'boolean', default: true, doc: 'split the damping with π = √((tr Ā/(in+1))/(tr G/out))' },
    { name: 'momentum', kind: 'number', default: 0, min: 0, max: 1, maxExclusive: true, doc: 'heavy-ball momentum on the preconditioned direction' },
  ],
  build: kfacRule,
});
