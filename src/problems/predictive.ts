/**
 * Predictive distributions p(y | x, θ) = p(y | f(x, θ)) of the data problems, for the Fisher information
 * (Amari 1998; Martens 2020; Kunstner et al. 2019, eq. 1: loss = mean_i −log p(yᵢ | f(xᵢ, θ))).
 * A problem's `predictive` hook gives the network outputs f (natural parameters: logits, means, log-variances)
 * and their Jacobian products at a point (`linearize`); the `Family` here gives everything about the
 * distribution over y given f: negative log-likelihood (up to the constant ½·log 2π), its f-gradient and
 * f-Hessian (for the GGN), the Fisher in f-coordinates E_y[∇_f∇_fᵀ], sampling y, and KL divergence.
 * Everything is per example; batches are m×K row-major output blocks.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import type { Rng } from '../random/types.ts';
import type { Batch } from './types.ts';

export type FamilyKind = 'bernoulli' | 'categorical' | 'gaussian' | 'gaussian-learned';

/** A distribution over y given outputs f ∈ R^K. `targets` per example: 1 (class index or 0/1) or k values. */
export interface Family {
  readonly kind: FamilyKind;
  /** K: entries of f per example. */
  readonly outputs: number;
  /** T: entries of y per example. */
  readonly targets: number;
  /** −log p(y | f) (Gaussians without the ½·log 2π constant; fixed variance also without ½·log σ²). */
  nll(f: Float64Array, y: Float64Array): number;
  /** ∇_f (−log p(y | f)) into `out` (length K). */
  dnll(f: Float64Array, y: Float64Array, out: Float64Array): void;
  /** out (K) ← Fisher_f(f)·u, Fisher_f = E_{y~p(·|f)}[∇_f log p ∇_f log pᵀ]. */
  fisherVec(f: Float64Array, u: Float64Array, out: Float64Array): void;
  /** out (K) ← ∇²_f(−log p(y | f))·u (the GGN's inner Hessian; equals fisherVec for natural parameters). */
  hessVec(f: Float64Array, y: Float64Array, u: Float64Array, out: Float64Array): void;
  /** Draws y ~ p(· | f) into `out` (length T). */
  sample(f: Float64Array, rng: Rng, out: Float64Array): void;
  /** KL(p(·|f) ‖ p(·|g)). */
  kl(f: Float64Array, g: Float64Array): number;
  /** ∇_g KL(p(·|f) ‖ p(·|g)) into `out` (length K). */
  dkl(f: Float64Array, g: Float64Array, out: Float64Array): void;
}

/** Outputs and Jacobian products of the model at one θ over one batch (activations cached once). */
export interface Linearization {
  /** Number of examples m in the batch. */
  readonly m: number;
  /** f(xᵢ, θ) for the batch, m×K row-major. */
  readonly outputs: Float64Array;
  /** Targets yᵢ of the batch, m×T row-major. */
  readonly targets: Float64Array;
  /** J·v (m×K) for v ∈ R^D. */
  jvp(v: Float64Array): Float64Array;
  /** Σᵢ Jᵢᵀuᵢ (length D) for u (m×K); no 1/m. Writes into `out` when given. */
  vjp(u: Float64Array, out?: Float64Array): Float64Array;
  /** MLPs: per-layer inputs and pre-activation back-propagation, for K-FAC (Martens & Grosse 2015). */
  readonly layers?: LayerStructure;
}

export interface LayerStructure {
  /** Widths [input, hidden…, output]; θ packs each layer as W_l (out×in, row-major) then b_l. */
  readonly widths: readonly number[];
  /** Offsets of W_l and b_l in θ. */
  readonly offsets: { w: readonly number[]; b: readonly number[] };
  /** Layer inputs a_l (m×in_l) for l = 0…L−1 (without the bias 1). */
  readonly inputs: readonly Float64Array[];
  /** Back-propagates output cotangents u (m×K) to pre-activation cotangents s_l (m×out_l) of every layer. */
  backprop(u: Float64Array): Float64Array[];
}

export interface Predictive {
  readonly family: Family;
  readonly examples: number;
  readonly dim: number;
  /** Ridge coefficient of the loss (½·l2·‖θ‖²): its curvature l2·I is part of the Hessian, not of the Fisher. */
  readonly l2: number;
  linearize(theta: Float64Array, batch?: Batch): Linearization;
}

// ---------------------------------------------------------------------------------------------------------------
// Families

function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Bernoulli with logit f (K = 1), y ∈ {0, 1}: −log p = softplus(f) − y·f. */
export const bernoulli: Family = {
  kind: 'bernoulli', outputs: 1, targets: 1,
  nll: (f, y) => softplus(f[0]!) - y[0]! * f[0]!,
  dnll: (f, y, out) => { out[0] = logistic(f[0]!) - y[0]!; },
  fisherVec: (f, u, out) => { const p = logistic(f[0]!); out[0] = p * (1 - p) * u[0]!; },
  hessVec: (f, _y, u, out) => { const p = logistic(f[0]!); out[0] = p * (1 - p) * u[0]!; },
  sample: (f, rng, out) => { out[0] = rng.uniform() < logistic(f[0]!) ? 1 : 0; },
  kl(f, g) {
    const a = f[0]!, b = g[0]!, p = logistic(a);
    // KL = p·log(p/q) + (1−p)·log((1−p)/(1−q)) written with softplus so both tails stay accurate
    return p * (softplus(-b) - softplus(-a)) + (1 - p) * (softplus(b) - softplus(a));
  },
  dkl: (f, g, out) => { out[0] = logistic(g[0]!) - logistic(f[0]!); },
};

/** Categorical with logits f (K classes), y = class index: −log p = logsumexp(f) − f_y. */
export function categoricalFamily(classes: number): Family {
  if (!Number.isInteger(classes) || classes < 2) throw new InvalidArgumentError(`categoricalFamily: classes = ${classes}; expected an integer ≥ 2`);
  const K = classes, p = new Float64Array(K), q = new Float64Array(K);
  const softmax = (f: Float64Array, out: Float64Array): number => {
    let max = -Infinity;
    for (let c = 0; c < K; c++) if (f[c]! > max) max = f[c]!;
    let s = 0;
    for (let c = 0; c < K; c++) { out[c] = Math.exp(f[c]! - max); s += out[c]!; }
    for (let c = 0; c < K; c++) out[c] = out[c]! / s;
    return max + Math.log(s);
  };
  const label = (y: Float64Array) => {
    const c = y[0]!;
    if (!Number.isInteger(c) || c < 0 || c >= K) throw new InvalidArgumentError(`categorical: label ${c}; expected an integer in 0…${K - 1}`);
    return c;
  };
  const fisherVec = (f: Float64Array, u: Float64Array, out: Float64Array) => {
    softmax(f, p);
    let pu = 0;
    for (let c = 0; c < K; c++) pu += p[c]! * u[c]!;
    for (let c = 0; c < K; c++) out[c] = p[c]! * (u[c]! - pu); // (diag p − ppᵀ)·u
  };
  return {
    kind: 'categorical', outputs: K, targets: 1,
    nll: (f, y) => softmax(f, p) - f[label(y)]!,
    dnll(f, y, out) { softmax(f, out); out[label(y)] = out[label(y)]! - 1; },
    fisherVec,
    hessVec: (f, _y, u, out) => fisherVec(f, u, out),
    sample(f, rng, out) { softmax(f, p); out[0] = rng.categorical(p); },
    kl(f, g) {
      const lf = softmax(f, p), lg = softmax(g, q);
      let s = 0;
      for (let c = 0; c < K; c++) if (p[c]! > 0) s += p[c]! * ((f[c]! - lf) - (g[c]! - lg));
      return s;
    },
    dkl(f, g, out) { softmax(f, p); softmax(g, q); for (let c = 0; c < K; c++) out[c] = q[c]! - p[c]!; },
  };
}

/** Gaussian N(μ = f, σ²·I) with fixed σ² (K = T = k): −log p = ½‖y − f‖²/σ² (+ constants). */
export function gaussianFamily(k: number, variance = 1): Family {
  if (!(variance > 0) || !Number.isFinite(variance)) throw new InvalidArgumentError(`gaussianFamily: variance = ${variance}; expected a finite number > 0`);
  const inv = 1 / variance;
  return {
    kind: 'gaussian', outputs: k, targets: k,
    nll(f, y) { let s = 0; for (let j = 0; j < k; j++) s += (y[j]! - f[j]!) ** 2; return 0.5 * inv * s; },
    dnll(f, y, out) { for (let j = 0; j < k; j++) out[j] = inv * (f[j]! - y[j]!); },
    fisherVec(_f, u, out) { for (let j = 0; j < k; j++) out[j] = inv * u[j]!; },
    hessVec(_f, _y, u, out) { for (let j = 0; j < k; j++) out[j] = inv * u[j]!; },
    sample(f, rng, out) { for (let j = 0; j < k; j++) out[j] = f[j]! + Math.sqrt(variance) * rng.normal(); },
    kl(f, g) { let s = 0; for (let j = 0; j < k; j++) s += (f[j]! - g[j]!) ** 2; return 0.5 * inv * s; },
    dkl(f, g, out) { for (let j = 0; j < k; j++) out[j] = inv * (g[j]! - f[j]!); },
  };
}

/**
 * Gaussian with learned variance: f = (μ₁…μ_k, s₁…s_k), s = log σ² (K = 2k, T = k):
 * −log p = Σ ½(y − μ)²e^{−s} + ½s. Fisher_f = diag(e^{−s}, ½); the f-Hessian depends on the residual r, so GGN ≠ Fisher,
 * and it is indefinite (det = −½r²e^{−2s}): the NLL is not convex in (μ, s), so use the Fisher, not the GGN, as a metric.
 */
export function gaussianLearnedFamily(k: number): Family {
  return {
    kind: 'gaussian-learned', outputs: 2 * k, targets: k,
    nll(f, y) { let s = 0; for (let j = 0; j < k; j++) { const lv = f[k + j]!; s += 0.5 * (y[j]! - f[j]!) ** 2 * Math.exp(-lv) + 0.5 * lv; } return s; },
    dnll(f, y, out) {
      for (let j = 0; j < k; j++) {
        const r = f[j]! - y[j]!, e = Math.exp(-f[k + j]!);
        out[j] = r * e; out[k + j] = 0.5 - 0.5 * r * r * e;
      }
    },
    fisherVec(f, u, out) { for (let j = 0; j < k; j++) { out[j] = Math.exp(-f[k + j]!) * u[j]!; out[k + j] = 0.5 * u[k + j]!; } },
    hessVec(f, y, u, out) {
      for (let j = 0; j < k; j++) {
        const r = f[j]! - y[j]!, e = Math.exp(-f[k + j]!);
        out[j] = e * u[j]! - r * e * u[k + j]!;
        out[k + j] = -r * e * u[j]! + 0.5 * r * r * e * u[k + j]!;
      }
    },
    sample(f, rng, out) { for (let j = 0; j < k; j++) out[j] = f[j]! + Math.exp(0.5 * f[k + j]!) * rng.normal(); },
    kl(f, g) {
      let s = 0;
      for (let j = 0; j < k; j++) {
        const s1 = f[k + j]!, s2 = g[k + j]!;
        s += 0.5 * (s2 - s1 + (Math.exp(s1) + (f[j]! - g[j]!) ** 2) * Math.exp(-s2) - 1);
      }
      return s;
    },
    dkl(f, g, out) {
      for (let j = 0; j < k; j++) {
        const s1 = f[k + j]!, s2 = g[k + j]!, e2 = Math.exp(-s2), d = g[j]! - f[j]!;
        out[j] = d * e2;
        out[k + j] = 0.5 - 0.5 * (Math.exp(s1) + d * d) * e2;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers over a linearization

/** The example indices a batch selects (0…n−1 when undefined), checked. */
const allIndices = new Map<number, Int32Array>();
export function exampleIndices(what: string, batch: Batch, n: number): Int32Array {
  if (batch === undefined) {
    let a = allIndices.get(n);
    if (!a) {
      a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = i;
      if (allIndices.size > 16) allIndices.clear();
      allIndices.set(n, a);
    }
    return a;
  }
  if (batch.length === 0) throw new InvalidArgumentError(`${what}: empty batch; a batch needs at least one example index`);
  for (let k = 0; k < batch.length; k++) {
    const i = batch[k]!;
    if (!(i >= 0 && i < n)) throw new InvalidArgumentError(`${what}: batch index ${i} at position ${k} is outside 0…${n - 1}`);
  }
  return batch;
}

/** Mean negative log-likelihood and its gradient Jᵀ∇_f nll / m over the linearization's batch (no ridge term). */
export function nllAndGrad(family: Family, lin: Linearization, out?: Float64Array): { value: number; grad: Float64Array } {
  const K = family.outputs, T = family.targets, m = lin.m;
  const u = new Float64Array(m * K);
  let v = 0;
  for (let i = 0; i < m; i++) {
    const f = lin.outputs.subarray(i * K, (i + 1) * K), y = lin.targets.subarray(i * T, (i + 1) * T);
    v += family.nll(f, y);
    family.dnll(f, y, u.subarray(i * K, (i + 1) * K));
  }
  for (let j = 0; j < u.length; j++) u[j] = u[j]! / m;
  return { value: v / m, grad: lin.vjp(u, out) };
}

/** Labels drawn from the model, y ~ p(·|f(xᵢ, θ)), m×T. */
export function sampleTargets(family: Family, outputs: Float64Array, rng: Rng): Float64Array {
  const K = family.outputs, T = family.targets, m = outputs.length / K;
  const y = new Float64Array(m * T);
  for (let i = 0; i < m; i++) family.sample(outputs.subarray(i * K, (i + 1) * K), rng, y.subarray(i * T, (i + 1) * T));
  return y;
}

/** Checks that θ has the predictive's dimension. */
export function checkDim(what: string, theta: Float64Array, dim: number): void {
  if (theta.length !== dim) throw new ShapeError(`${what}: θ has length ${theta.length}; this model has dimension ${dim}`);
}
