/**
 * Fisher information of a problem's predictive distribution (Amari 1998; Martens 2020; Kunstner et al. 2019 §3),
 * all averaged over the batch (the loss is a mean) and without the ridge term:
 *   true Fisher   F = (1/m)Σᵢ Jᵢᵀ E_{y~p(·|fᵢ)}[∇_f log p ∇_f log pᵀ] Jᵢ   (exact: the family's Fisher in f)
 *   Monte-Carlo   F̂ = (1/(mS))Σᵢ Σₛ gᵢₛ gᵢₛᵀ, gᵢₛ = Jᵢᵀ∇_f(−log p(ŷᵢₛ|fᵢ)), ŷ sampled from the model
 *   empirical     F̃ = (1/m)Σᵢ gᵢ gᵢᵀ at the data labels yᵢ
 *   GGN           G = (1/m)Σᵢ Jᵢᵀ ∇²_f(−log p(yᵢ|fᵢ)) Jᵢ   (= F for natural parameters, Martens 2020)
 * as operators v ↦ M·v through one J·v and one Jᵀ·u (never forming M; Schraudolph 2002), and densely for small D.
 */
import { InvalidArgumentError, ResourceError } from '../errors.ts';
import type { Rng } from '../random/types.ts';
import type { Batch, Problem } from '../problems/types.ts';
import { sampleTargets, type Linearization, type Predictive } from '../problems/predictive.ts';

export type FisherKind = 'true' | 'empirical' | 'monte-carlo' | 'ggn';
export const FISHER_KINDS: readonly FisherKind[] = ['true', 'empirical', 'monte-carlo', 'ggn'];

export interface FisherOptions {
  kind?: FisherKind;
  batch?: Batch;
  /** Monte-Carlo: label samples per example (default 1). */
  samples?: number;
  /** Monte-Carlo: the generator for the sampled labels (required for kind 'monte-carlo'). */
  rng?: Rng;
}

export interface FisherOperator {
  readonly dim: number;
  readonly kind: FisherKind;
  /** M·v, into `out` when given (length D), else a new array. */
  apply(v: Float64Array, out?: Float64Array): Float64Array;
  /** The linearization it was built on (outputs, targets, Jacobian products). */
  readonly lin: Linearization;
}

/** The problem's predictive hook, or an error naming the problems that have one. */
export function predictiveOf(problem: Problem, what: string): Predictive {
  if (!problem.predictive) {
    throw new InvalidArgumentError(`${what}: problem '${problem.id}' has no predictive distribution; use one of logistic-regression, softmax-regression, gaussian-regression, mlp, mlp-classifier`);
  }
  return problem.predictive;
}

function checkKind(kind: string): asserts kind is FisherKind {
  if (!FISHER_KINDS.includes(kind as FisherKind)) throw new InvalidArgumentError(`fisher: kind ${JSON.stringify(kind)}; accepted: ${FISHER_KINDS.join(', ')}`);
}

/** Per-example f-space cotangent map u_i ↦ A_i u_i for the chosen kind (A_i is K×K). */
function innerMap(pred: Predictive, lin: Linearization, kind: FisherKind, samples: number, rng: Rng | undefined) {
  const fam = pred.family, K = fam.outputs, T = fam.targets, m = lin.m;
  if (kind === 'true') {
    return (i: number, u: Float64Array, out: Float64Array) => fam.fisherVec(lin.outputs.subarray(i * K, (i + 1) * K), u, out);
  }
  if (kind === 'ggn') {
    return (i: number, u: Float64Array, out: Float64Array) => fam.hessVec(lin.outputs.subarray(i * K, (i + 1) * K), lin.targets.subarray(i * T, (i + 1) * T), u, out);
  }
  // empirical and Monte-Carlo: rank-S per example, A_i = (1/S) Σ_s r_is r_isᵀ with r = ∇_f nll at the labels
  const S = kind === 'empirical' ? 1 : samples;
  const r = new Float64Array(m * S * K);
  for (let s = 0; s < S; s++) {
    const ys = kind === 'empirical' ? lin.targets : sampleTargets(fam, lin.outputs, rng!);
    for (let i = 0; i < m; i++) {
      fam.dnll(lin.outputs.subarray(i * K, (i + 1) * K), ys.subarray(i * T, (i + 1) * T), r.subarray((i * S + s) * K, (i * S + s + 1) * K));
    }
  }
  return (i: number, u: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let s = 0; s < S; s++) {
      const ri = r.subarray((i * S + s) * K, (i * S + s + 1) * K);
      let d = 0;
      for (let c = 0; c < K; c++) d += ri[c]! * u[c]!;
      d /= S;
      for (let c = 0; c < K; c++) out[c] = out[c]! + d * ri[c]!;
    }
  };
}

/** The Fisher (or EF, MC estimate, GGN) at θ as an operator v ↦ M·v over `batch` (mean over examples). */
export function fisherOperator(pred: Predictive, theta: Float64Array, opts: FisherOptions = {}, lin?: Linearization): FisherOperator {
  const kind = opts.kind ?? 'true';
  checkKind(kind);
  const samples = opts.samples ?? 1;
  if (!Number.isInteger(samples) || samples < 1) throw new InvalidArgumentError(`fisher: samples = ${samples}; expected an integer ≥ 1`);
  if (kind === 'monte-carlo' && !opts.rng) throw new InvalidArgumentError("fisher: kind 'monte-carlo' needs an rng for the sampled labels");
  const L = lin ?? pred.linearize(theta, opts.batch);
  const K = pred.family.outputs, m = L.m;
  const inner = innerMap(pred, L, kind, samples, opts.rng);
  // the per-example K×K blocks A_i, formed once so each product is a plain loop (no per-example calls or views)
  const blocks = K <= BLOCK_MAX_OUTPUTS ? new Float64Array(m * K * K) : null;
  if (blocks) {
    const e = new Float64Array(K), col = new Float64Array(K);
    for (let i = 0; i < m; i++) for (let c = 0; c < K; c++) {
      e.fill(0); e[c] = 1;
      inner(i, e, col);
      for (let r = 0; r < K; r++) blocks[(i * K + r) * K + c] = col[r]!;
    }
  }
  return {
    dim: pred.dim, kind, lin: L,
    apply(v, out) {
      const jv = L.jvp(v), u = new Float64Array(m * K);
      if (blocks) {
        for (let i = 0; i < m; i++) for (let r = 0; r < K; r++) {
          let s = 0;
          const o = (i * K + r) * K;
          for (let c = 0; c < K; c++) s += blocks[o + c]! * jv[i * K + c]!;
          u[i * K + r] = s / m;
        }
      } else {
        for (let i = 0; i < m; i++) inner(i, jv.subarray(i * K, (i + 1) * K), u.subarray(i * K, (i + 1) * K));
        for (let j = 0; j < u.length; j++) u[j] = u[j]! / m;
      }
      return L.vjp(u, out);
    },
  };
}

/** Outputs per example up to which fisherOperator stores the K×K blocks (m·K² numbers). */
const BLOCK_MAX_OUTPUTS = 64;

/** Dense limit for `fisherDense` and friends: D ≤ this (the m·K×D Jacobian is formed). */
export const DENSE_MAX_DIM = 2000;

/** The m·K×D Jacobian of the batch outputs, by D forward products (small D only). */
export function jacobian(pred: Predictive, lin: Linearization): Float64Array {
  const D = pred.dim, K = pred.family.outputs, rows = lin.m * K;
  if (D > DENSE_MAX_DIM) throw new ResourceError(`jacobian: D = ${D} > ${DENSE_MAX_DIM}; use the operator form (fisherOperator)`);
  const J = new Float64Array(rows * D), e = new Float64Array(D);
  for (let j = 0; j < D; j++) {
    e.fill(0); e[j] = 1;
    const col = lin.jvp(e);
    for (let r = 0; r < rows; r++) J[r * D + j] = col[r]!;
  }
  return J;
}

/** Per-example gradients gᵢ = Jᵢᵀ∇_f(−log p(yᵢ|fᵢ)) (m×D, not divided by m) at the data labels or at given `targets`. */
export function perExampleGradients(pred: Predictive, theta: Float64Array, batch?: Batch, targets?: Float64Array): Float64Array {
  const lin = pred.linearize(theta, batch), J = jacobian(pred, lin);
  const fam = pred.family, K = fam.outputs, T = fam.targets, D = pred.dim, m = lin.m, y = targets ?? lin.targets;
  const G = new Float64Array(m * D), r = new Float64Array(K);
  for (let i = 0; i < m; i++) {
    fam.dnll(lin.outputs.subarray(i * K, (i + 1) * K), y.subarray(i * T, (i + 1) * T), r);
    for (let c = 0; c < K; c++) {
      const rc = r[c]!, Jrow = (i * K + c) * D;
      for (let j = 0; j < D; j++) G[i * D + j] = G[i * D + j]! + rc * J[Jrow + j]!;
    }
  }
  return G;
}

/** (1/m)·GᵀG for an m×D matrix of per-example gradients. */
function meanOuter(G: Float64Array, m: number, D: number): Float64Array {
  const F = new Float64Array(D * D);
  for (let i = 0; i < m; i++) {
    const o = i * D;
    for (let a = 0; a < D; a++) {
      const ga = G[o + a]! / m;
      if (ga === 0) continue;
      for (let b = 0; b < D; b++) F[a * D + b] = F[a * D + b]! + ga * G[o + b]!;
    }
  }
  return F;
}

/** Dense D×D (row-major) true Fisher / EF / GGN; for 'monte-carlo' use `monteCarloFisher` (it has a standard error). */
export function fisherDense(pred: Predictive, theta: Float64Array, opts: FisherOptions = {}): Float64Array {
  const kind = opts.kind ?? 'true';
  checkKind(kind);
  if (kind === 'monte-carlo') return monteCarloFisher(pred, theta, opts.rng!, opts.samples ?? 1, opts.batch).mean;
  const lin = pred.linearize(theta, opts.batch);
  if (kind === 'empirical') {
    const G = perExampleGradients(pred, theta, opts.batch);
    return meanOuter(G, lin.m, pred.dim);
  }
  // true / GGN: (1/m) Σ_i J_iᵀ A_i J_i with A_i applied column by column
  const J = jacobian(pred, lin), D = pred.dim, K = pred.family.outputs, m = lin.m;
  const inner = innerMap(pred, lin, kind, 1, undefined);
  const F = new Float64Array(D * D), u = new Float64Array(K), Au = new Float64Array(K), AJ = new Float64Array(K * D);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < D; j++) {
      for (let c = 0; c < K; c++) u[c] = J[(i * K + c) * D + j]!;
      inner(i, u, Au);
      for (let c = 0; c < K; c++) AJ[c * D + j] = Au[c]!;
    }
    for (let c = 0; c < K; c++) for (let a = 0; a < D; a++) {
      const ja = J[(i * K + c) * D + a]! / m;
      if (ja === 0) continue;
      for (let b = 0; b < D; b++) F[a * D + b] = F[a * D + b]! + ja * AJ[c * D + b]!;
    }
  }
  return F;
}

/**
 * Monte-Carlo true Fisher: S independent label draws ŷ ~ p(·|fᵢ) for every example; estimate F̂ₛ = (1/m)Σᵢ gᵢₛgᵢₛᵀ
 * per draw, `mean` = their average and `standardError` = entrywise sample std / √S (S ≥ 2).
 */
export function monteCarloFisher(pred: Predictive, theta: Float64Array, rng: Rng, samples: number, batch?: Batch): { mean: Float64Array; standardError: Float64Array; samples: number } {
  if (!Number.isInteger(samples) || samples < 1) throw new InvalidArgumentError(`monteCarloFisher: samples = ${samples}; expected an integer ≥ 1`);
  if (!rng) throw new InvalidArgumentError('monteCarloFisher: needs an rng for the sampled labels');
  const lin = pred.linearize(theta, batch), D = pred.dim, m = lin.m;
  const mean = new Float64Array(D * D), sq = new Float64Array(D * D);
  for (let s = 0; s < samples; s++) {
    const y = sampleTargets(pred.family, lin.outputs, rng);
    const Fs = meanOuter(perExampleGradients(pred, theta, batch, y), m, D);
    for (let j = 0; j < D * D; j++) { mean[j] = mean[j]! + Fs[j]!; sq[j] = sq[j]! + Fs[j]! * Fs[j]!; }
  }
  const se = new Float64Array(D * D);
  for (let j = 0; j < D * D; j++) {
    const mu = mean[j]! / samples;
    mean[j] = mu;
    se[j] = samples > 1 ? Math.sqrt(Math.max(0, (sq[j]! - samples * mu * mu) / (samples - 1)) / samples) : NaN;
  }
  return { mean, standardError: se, samples };
}
