/**
 * Natural gradient descent (Amari 1998) with damping (Martens 2020 §8; Martens 2010 for CG on curvature products):
 *
 *   (F + (l2 + λ)·I)·d = ∇L(θ);   δ = −lr·d;   optional KL trust region: δ ← δ·min(1, √(maxKl / (½δᵀFδ)))
 *
 * F is the problem's Fisher over the batch (fisher: 'true' exact, 'monte-carlo' with `samples` labels drawn from the
 * model, 'empirical' at the data labels, or 'ggn'); l2 is the problem's ridge (part of the Hessian, not of F).
 * solver: 'exact' forms F (D ≤ 2000) and solves by Cholesky; 'cg' runs conjugate gradient on Fisher-vector
 * products (geometry/fisher-cg.ts), warm-started from 0.95·(previous d) (Martens 2010); 'auto' = exact for D ≤ 500.
 * adaptiveDamping: Levenberg–Marquardt — ρ = (L(θ+δ) − L(θ)) / (∇Lᵀδ + ½δᵀ(F + l2·I)δ); λ ← ω·λ when ρ > 3/4,
 * λ ← λ/ω when ρ < 1/4 (ω = lmOmega, 2/3 as in HF). For GLMs with canonical link F + l2·I is the Hessian, so with
 * lr 1 and λ 0 this is Newton's method.
 * Arguments: lr, damping, fisher, samples, solver, cgMaxIter, cgTol, adaptiveDamping, lmOmega, maxKl.
 */
import { matrix, solveSPD } from '../linalg/index.ts';
import { dampedCg } from '../geometry/fisher-cg.ts';
import { nllAndGrad, type Linearization, type Predictive } from '../problems/predictive.ts';
import { DENSE_MAX_DIM, FISHER_KINDS, fisherDense, fisherOperator, predictiveOf, type FisherKind } from '../geometry/fisher.ts';
import { defineRule, deltaBuffer, invalid, lrSpec } from './common.ts';
import type { Rule } from './types.ts';

export type NaturalGradientHyper = {
  lr: number; damping: number; fisher: FisherKind; samples: number; solver: 'auto' | 'exact' | 'cg';
  cgMaxIter: number; cgTol: number; adaptiveDamping: boolean; lmOmega: number; maxKl: number;
};
export type NaturalGradientState = {
  step: number;
  /** Current Tikhonov damping λ (changes only with adaptiveDamping). */
  damping: number;
  /** Last solve d (CG warm start). */
  direction: Float64Array | null;
  /** Diagnostics of the last step: CG iterations (0 for exact), LM ratio ρ, model KL ½δᵀFδ before the trust region. */
  cgIterations: number; rho: number | null; kl: number | null;
};

const AUTO_EXACT_MAX = 500;

function dot(a: Float64Array, b: Float64Array): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; }

/** ∇L = Jᵀ∇_f(mean NLL) + l2·θ from an existing linearization (the loss of every problem with a predictive hook). */
export function gradientFrom(pred: Predictive, lin: Linearization, theta: Float64Array): Float64Array {
  const g = nllAndGrad(pred.family, lin).grad;
  if (pred.l2 !== 0) for (let i = 0; i < g.length; i++) g[i] = g[i]! + pred.l2 * theta[i]!;
  return g;
}

function naturalGradientRule(id: string, hyper: NaturalGradientHyper): Rule<NaturalGradientState, NaturalGradientHyper> {
  return {
    id,
    hyper,
    init: (_theta, { problem }) => {
      predictiveOf(problem, id);
      return { step: 0, damping: hyper.damping, direction: null, cgIterations: 0, rho: null, kl: null };
    },
    update(ctx, state) {
      const h = ctx.hyper, pred = predictiveOf(ctx.problem, id), D = ctx.theta.length;
      const shift = pred.l2 + state.damping;
      const exact = h.solver === 'exact' || (h.solver === 'auto' && D <= AUTO_EXACT_MAX);
      let g: Float64Array;
      if (exact && D > DENSE_MAX_DIM) invalid(id, 'solver', `'exact' forms the ${D}×${D} Fisher; use 'cg' above D = ${DENSE_MAX_DIM}`);
      const opts = { kind: h.fisher, batch: ctx.batch, samples: h.samples, rng: ctx.rng };
      let d: Float64Array, Fv: (v: Float64Array, out?: Float64Array) => Float64Array;
      if (exact) {
        g = ctx.grad();
        const F = fisherDense(pred, ctx.theta, opts), A = F.slice();
        for (let i = 0; i < D; i++) A[i * D + i] = A[i * D + i]! + shift;
        d = solveSPD(matrix(D, D, A), g);
        state.cgIterations = 0;
        Fv = (v) => { const y = new Float64Array(D); for (let i = 0; i < D; i++) y[i] = dot(F.subarray(i * D, (i + 1) * D), v); return y; };
      } else {
        const op = fisherOperator(pred, ctx.theta, opts);
        Fv = (v, out) => op.apply(v, out);
        g = gradientFrom(pred, op.lin, ctx.theta); // = ctx.grad() for every predictive problem, without a second forward pass
        const x0 = state.direction ? state.direction.map((v) => 0.95 * v) : undefined;
        const r = dampedCg(Fv, g, { damping: shift, tol: h.cgTol, maxIter: h.cgMaxIter, x0 });
        d = r.x;
        state.cgIterations = r.iterations;
      }
      state.direction = d;
      const delta = deltaBuffer(id, ctx);
      for (let i = 0; i < D; i++) delta[i] = -h.lr * d[i]!;
      state.rho = null; state.kl = null;
      if (h.maxKl > 0 || h.adaptiveDamping) {
        let quad = dot(delta, Fv(delta));
        state.kl = 0.5 * quad;
        if (h.maxKl > 0 && state.kl > h.maxKl) {
          const c = Math.sqrt(h.maxKl / state.kl);
          for (let i = 0; i < D; i++) delta[i] = c * delta[i]!;
          quad *= c * c;
        }
        if (h.adaptiveDamping) {
          const model = dot(g, delta) + 0.5 * (quad + pred.l2 * dot(delta, delta));
          const next = ctx.theta.map((t, i) => t + delta[i]!);
          const rho = (ctx.lossAt(next) - ctx.loss()) / model;
          state.rho = rho;
          if (rho > 0.75) state.damping *= h.lmOmega;
          else if (!(rho >= 0.25)) state.damping /= h.lmOmega;
        }
      }
      state.step += 1;
      return { delta, state };
    },
  };
}

export const naturalGradient = defineRule<NaturalGradientHyper>({
  id: 'natural-gradient',
  summary: 'natural gradient θ ← θ − lr·(F + λI)⁻¹∇L (true/MC/empirical Fisher or GGN; exact or CG; LM damping; KL trust region)',
  params: [
    lrSpec(1),
    { name: 'damping', kind: 'number', default: 1e-8, min: 0, doc: 'Tikhonov damping λ added to F (initial λ with adaptiveDamping)' },
    { name: 'fisher', kind: 'enum', values: FISHER_KINDS, default: 'true', doc: "curvature: 'true' Fisher (exact expectation), 'monte-carlo' (labels sampled from the model), 'empirical' (data labels), 'ggn'" },
    { name: 'samples', kind: 'integer', default: 1, min: 1, doc: "label samples per example for fisher 'monte-carlo'" },
    { name: 'solver', kind: 'enum', values: ['auto', 'exact', 'cg'], default: 'auto', doc: `'exact' (dense Cholesky), 'cg' (Fisher-vector products), 'auto' = exact for D ≤ ${AUTO_EXACT_MAX}` },
    { name: 'cgMaxIter', kind: 'integer', default: 250, min: 1, doc: 'CG iteration cap' },
    { name: 'cgTol', kind: 'number', default: 1e-10, min: 0, doc: 'CG relative residual tolerance' },
    { name: 'adaptiveDamping', kind: 'boolean', default: false, doc: 'Levenberg–Marquardt adaptation of λ from the reduction ratio ρ' },
    { name: 'lmOmega', kind: 'number', default: 2 / 3, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'LM factor ω: λ ← ωλ when ρ > 3/4, λ/ω when ρ < 1/4' },
    { name: 'maxKl', kind: 'number', default: 0, min: 0, doc: 'KL trust region on ½δᵀFδ (0 = off)' },
  ],
  check: (h) => { if (h.adaptiveDamping && !(h.damping > 0)) invalid('natural-gradient', 'damping', 'must be > 0 with adaptiveDamping (λ is scaled multiplicatively)'); },
  build: naturalGradientRule,
});
