/**
 * Matrix completion with a depth-N matrix factorisation W = W_N⋯W_1 (Arora, Cohen, Hu, Luo 2019, "Implicit
 * Regularization in Deep Matrix Factorization"; conventions of their code roosephu/deep_matrix_factorization):
 *   ℓ(W) = (1/|Ω|)·Σ_{(i,j)∈Ω} (W_ij − y_ij)²   (mean over observed entries, no ½)
 *   test error = mean over all entries of (W − W*)² = (‖W − W*‖_F/‖W*‖_F)² when ‖W*‖_F² = rows·cols.
 * Ground truth (gen_gt.py): U, V ~ N(0,1) of rank r, W* = UVᵀ/√r rescaled to RMS entry 1; Ω drawn uniformly
 * without replacement (gen_obs.py). Factors are full width (no rank constraint): W_1 is width×cols, W_j width×width,
 * W_N rows×width. θ = [W_1, …, W_N] flattened row-major. Forward/backward are chain products through kernels().gemm.
 */
import { ConfigError, InvalidArgumentError, ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import type { Rng } from '../random/types.ts';
import type { Batch, ParamSpec, Problem, ProblemSpec } from './types.ts';

export type DmfInit = 'gaussian' | 'identity' | 'orthogonal' | 'balanced';
export const DMF_INITS: readonly DmfInit[] = ['gaussian', 'identity', 'orthogonal', 'balanced'];

/** Shapes of a depth-N factorisation of a rows×cols matrix through hidden width `width`. */
export interface FactorShape { rows: number; cols: number; depth: number; width: number }

/** The chain W_N⋯W_1 over a flat θ: product, backward from ∂ℓ/∂W, factor views, initialisations. */
export class DeepFactorization {
  readonly shapes: [number, number][];
  readonly offsets: number[];
  readonly dim: number;
  readonly rows: number;
  readonly cols: number;
  readonly depth: number;
  readonly width: number;
  /** prefix[j] = W_{j+1}⋯W_1 (width×cols) for j = 1…N−2; prefix[0] is W_1 itself (a view into θ). */
  private readonly prefix: Float64Array[];
  private readonly back: [Float64Array, Float64Array];

  constructor(s: FactorShape) {
    const { rows, cols, depth, width } = s;
    for (const [k, v] of Object.entries({ rows, cols, depth, width })) {
      if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`DeepFactorization: ${k} = ${v}; expected an integer ≥ 1`);
    }
    this.rows = rows; this.cols = cols; this.depth = depth; this.width = width;
    this.shapes = [];
    for (let j = 0; j < depth; j++) this.shapes.push([j === depth - 1 ? rows : width, j === 0 ? cols : width]);
    this.offsets = [];
    let o = 0;
    for (const [r, c] of this.shapes) { this.offsets.push(o); o += r * c; }
    this.dim = o;
    this.prefix = [];
    for (let j = 1; j < depth - 1; j++) this.prefix.push(new Float64Array(width * cols));
    this.back = [new Float64Array(width * cols), new Float64Array(width * cols)]; // Bᵀ in `backward`
  }

  /** View of factor W_{j+1} (0-based j) inside θ (not a copy). */
  factor(theta: Float64Array, j: number): Float64Array {
    const [r, c] = this.shapes[j]!;
    return theta.subarray(this.offsets[j]!, this.offsets[j]! + r * c);
  }

  /** W = W_N⋯W_1 into `out` (rows×cols); keeps the prefix products for a following `backward`. */
  product(theta: Float64Array, out: Float64Array = new Float64Array(this.rows * this.cols)): Float64Array {
    if (theta.length !== this.dim) throw new ShapeError(`DeepFactorization: θ has length ${theta.length}; expected ${this.dim}`);
    const k = kernels(), N = this.depth, w = this.width, n = this.cols;
    if (N === 1) { out.set(theta); return out; }
    let prev = this.factor(theta, 0);
    for (let j = 1; j < N - 1; j++) {
      const p = this.prefix[j - 1]!;
      k.gemm(false, false, w, n, w, 1, this.factor(theta, j), prev, 0, p);
      prev = p;
    }
    k.gemm(false, false, this.rows, n, w, 1, this.factor(theta, N - 1), prev, 0, out);
    return out;
  }

  /**
   * ∂ℓ/∂θ from G = ∂ℓ/∂W (rows×cols), or from Gᵀ (cols×rows) when `transposed`, after `product(theta)` at the same θ:
   * ∂ℓ/∂W_j = (W_N⋯W_{j+1})ᵀ G (W_{j−1}⋯W_1)ᵀ. The chain carries Bᵀ = Gᵀ·W_N⋯W_{j+1} (cols×width), so each step is
   * Bᵀ·W_j (gemm NN) and each factor gradient B·(W_{j−1}⋯W_1)ᵀ is a gemm TT of Bᵀ and the kept prefix product: the
   * same 2(N−1) gemms as backpropagating B (NT + TN per factor), without the row-major NT variant: measured with
   * OpenBLAS 0.3.21 (SkylakeX kernels) at 100×100, NN, TN and TT run unthreaded (its small-matrix path; CPU time =
   * wall time) while NT is packed and threaded, 1.1–5× slower; from 101 all four are threaded and within ±10%.
   * Only a G given untransposed (sensing) costs one NT + TN, at the first step.
   */
  backward(theta: Float64Array, G: Float64Array, out: Float64Array, transposed = false): Float64Array {
    const k = kernels(), N = this.depth, w = this.width, n = this.cols;
    if (N === 1) {
      if (!transposed) { out.set(G); return out; }
      const r = this.rows;
      for (let i = 0; i < r; i++) for (let j = 0; j < n; j++) out[i * n + j] = G[j * r + i]!;
      return out;
    }
    let B = G, isT = transposed, flip = 0;
    for (let j = N - 1; j >= 1; j--) {
      const r = this.shapes[j]![0], Wj = this.factor(theta, j);
      const left = j === 1 ? this.factor(theta, 0) : this.prefix[j - 2]!; // W_{j}⋯W_1 in 1-based terms
      k.gemm(isT, true, r, w, n, 1, B, left, 0, this.factor(out, j)); // ∂ℓ/∂W_{j+1} = B·leftᵀ
      if (j === 1) {
        k.gemm(true, isT, w, n, r, 1, Wj, B, 0, this.factor(out, 0)); // ∂ℓ/∂W_1 = W_2ᵀ·B
      } else {
        k.gemm(!isT, false, n, w, r, 1, B, Wj, 0, this.back[flip]!); // next Bᵀ = Bᵀ·W_{j+1}
        B = this.back[flip]!; isT = true; flip ^= 1;
      }
    }
    return out;
  }

  /**
   * Initial factors with the reference's scale convention (main.py::init_model), `scale` = init_scale:
   * gaussian: entries N(0, s²), s = scale^{1/N}/√width, so ‖W‖_F ≈ scale·√cols;
   * identity: W_j = scale^{1/N}·I (square only), product scale·I;
   * orthogonal: (semi-)orthogonal factors times (scale·√width)^{1/N} (reference text; balanced by construction);
   * balanced: A with entries N(0, scale²/cols) (same ‖W‖_F as gaussian), A = UΣVᵀ, W_N = UΣ^{1/N}, W_j = Σ^{1/N},
   *   W_1 = Σ^{1/N}Vᵀ (Arora, Cohen, Hazan 2018: W_{j+1}ᵀW_{j+1} = W_jW_jᵀ exactly), square only.
   */
  init(kind: DmfInit, scale: number, rng: Rng): Float64Array {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidArgumentError(`init: scale = ${scale}; expected a finite number > 0`);
    const N = this.depth, theta = new Float64Array(this.dim);
    const square = this.rows === this.cols && this.cols === this.width;
    if ((kind === 'identity' || kind === 'balanced') && !square) {
      throw new InvalidArgumentError(`init '${kind}' needs square factors (rows = cols = width); got ${this.rows}×${this.cols}, width ${this.width}; use 'gaussian' or 'orthogonal'`);
    }
    if (kind === 'gaussian') {
      rng.fillNormal(theta, 0, scale ** (1 / N) / Math.sqrt(this.width));
    } else if (kind === 'identity') {
      const c = scale ** (1 / N), n = this.cols;
      for (let j = 0; j < N; j++) { const f = this.factor(theta, j); for (let i = 0; i < n; i++) f[i * n + i] = c; }
    } else if (kind === 'orthogonal') {
      const c = (scale * Math.sqrt(this.width)) ** (1 / N);
      for (let j = 0; j < N; j++) {
        const [r, cc] = this.shapes[j]!;
        const q = polarFactor(rng.fillNormal(new Float64Array(r * cc)), r, cc);
        const f = this.factor(theta, j);
        for (let i = 0; i < q.length; i++) f[i] = c * q[i]!;
      }
    } else if (kind === 'balanced') {
      const n = this.cols;
      const A = rng.fillNormal(new Float64Array(n * n), 0, scale / Math.sqrt(n));
      if (N === 1) { theta.set(A); return theta; }
      const s = new Float64Array(n), U = new Float64Array(n * n), VT = new Float64Array(n * n);
      const info = kernels().gesdd('S', n, n, A, s, U, VT);
      if (info !== 0) throw new InvalidArgumentError(`init 'balanced': SVD failed (info ${info})`);
      const r = Array.from(s, (x) => x ** (1 / N));
      for (let j = 0; j < N; j++) {
        const f = this.factor(theta, j);
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
          // W_N = U·Σ^{1/N} (columns scaled), W_1 = Σ^{1/N}·Vᵀ (rows scaled), middle factors Σ^{1/N}.
          f[a * n + b] = j === N - 1 ? U[a * n + b]! * r[b]! : j === 0 ? r[a]! * VT[a * n + b]! : a === b ? r[a]! : 0;
        }
      }
    } else {
      throw new InvalidArgumentError(`init: unknown kind ${JSON.stringify(kind)}; accepted: ${DMF_INITS.join(', ')}`);
    }
    return theta;
  }
}

/** The orthogonal polar factor QᵀQ = I (or QQᵀ = I) of an r×c matrix: U·Vᵀ from its thin SVD. */
export function polarFactor(A: Float64Array, r: number, c: number): Float64Array {
  const m = Math.min(r, c);
  const s = new Float64Array(m), U = new Float64Array(r * m), VT = new Float64Array(m * c);
  const info = kernels().gesdd('S', r, c, A.slice(), s, U, VT);
  if (info !== 0) throw new InvalidArgumentError(`polarFactor: SVD failed (info ${info})`);
  const Q = new Float64Array(r * c);
  kernels().gemm(false, false, r, c, m, 1, U, VT, 0, Q);
  return Q;
}

/** A rank-r ground truth as gen_gt.py: W* = UVᵀ/√r (V = U when symmetric), rescaled to RMS entry 1. */
export function lowRankTruth(rows: number, cols: number, rank: number, rng: Rng, symmetric = false): Float64Array {
  if (symmetric && rows !== cols) throw new InvalidArgumentError(`lowRankTruth: symmetric needs rows = cols; got ${rows}×${cols}`);
  if (!Number.isInteger(rank) || rank < 1 || rank > Math.min(rows, cols)) {
    throw new InvalidArgumentError(`lowRankTruth: rank = ${rank}; expected an integer in [1, ${Math.min(rows, cols)}]`);
  }
  const U = rng.fork('U').fillNormal(new Float64Array(rows * rank));
  const V = symmetric ? U : rng.fork('V').fillNormal(new Float64Array(cols * rank));
  const W = new Float64Array(rows * cols);
  kernels().gemm(false, true, rows, cols, rank, 1 / Math.sqrt(rank), U, V, 0, W);
  let ss = 0;
  for (let i = 0; i < W.length; i++) ss += W[i]! * W[i]!;
  const c = Math.sqrt(rows * cols / ss);
  for (let i = 0; i < W.length; i++) W[i]! *= c;
  return W;
}

/** `count` distinct flat indices in [0, total), uniformly without replacement (partial Fisher–Yates). */
export function sampleWithoutReplacement(total: number, count: number, rng: Rng): Int32Array {
  if (!Number.isInteger(count) || count < 1 || count > total) {
    throw new InvalidArgumentError(`observations = ${count}; expected an integer in [1, ${total}] (entries of the matrix)`);
  }
  const perm = new Int32Array(total);
  for (let i = 0; i < total; i++) perm[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(total - i);
    const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
  }
  return perm.slice(0, count).sort();
}

/** Observed entries of a rows×cols matrix: flat indices i·cols + j and their values. */
export interface ObservedEntries { rows: number; cols: number; index: Int32Array; values: Float64Array }

/**
 * Parses observed entries from CSV (`i,j,value` per line, 0-based, optional header, `#` comments) or JSON
 * (`{ rows, cols, entries: [[i, j, value], …] }` or a bare `[[i, j, value], …]`). rows/cols default to max index + 1.
 */
export function parseObservedEntries(text: string, format: 'csv' | 'json' = text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? 'json' : 'csv',
  shape?: { rows?: number; cols?: number }): ObservedEntries {
  let triples: unknown[];
  let rows = shape?.rows, cols = shape?.cols;
  if (format === 'json') {
    let doc: unknown;
    try { doc = JSON.parse(text); } catch (e) { throw new ConfigError('observations', `not valid JSON: ${(e as Error).message}`); }
    if (Array.isArray(doc)) triples = doc;
    else if (doc !== null && typeof doc === 'object' && Array.isArray((doc as { entries?: unknown }).entries)) {
      const d = doc as { rows?: number; cols?: number; entries: unknown[] };
      triples = d.entries; rows ??= d.rows; cols ??= d.cols;
    } else throw new ConfigError('observations', 'expected a JSON array of [i, j, value] or { rows, cols, entries: [[i, j, value], …] }');
  } else {
    triples = [];
    const lines = text.split(/\r?\n/);
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l]!.trim();
      if (line === '' || line.startsWith('#')) continue;
      const parts = line.split(/[,;\t ]+/).map(Number);
      if (parts.some((x) => Number.isNaN(x))) {
        if (triples.length === 0) continue; // a header line
        throw new ConfigError(`observations line ${l + 1}`, `"${line}": expected i,j,value`);
      }
      triples.push(parts);
    }
  }
  return entriesFromTriples(triples, rows, cols);
}

/** Checks [i, j, value] triples and packs them (duplicate (i, j) refused: an entry is observed once). */
export function entriesFromTriples(triples: unknown[], rows?: number, cols?: number): ObservedEntries {
  const n = triples.length;
  if (n === 0) throw new ConfigError('observations', 'no observed entries given');
  const I = new Int32Array(n), J = new Int32Array(n), v = new Float64Array(n);
  let mi = 0, mj = 0;
  for (let k = 0; k < n; k++) {
    const t = triples[k];
    if (!Array.isArray(t) || t.length !== 3 || !t.every((x) => typeof x === 'number' && Number.isFinite(x)) || !Number.isInteger(t[0]) || !Number.isInteger(t[1]) || t[0] < 0 || t[1] < 0) {
      throw new ConfigError(`observations[${k}]`, `got ${JSON.stringify(t)}; expected [i, j, value] with integer i, j ≥ 0 (0-based) and a finite value`);
    }
    I[k] = t[0]; J[k] = t[1]; v[k] = t[2];
    mi = Math.max(mi, t[0] + 1); mj = Math.max(mj, t[1] + 1);
  }
  const R = rows ?? mi, C = cols ?? mj;
  if (mi > R || mj > C) throw new ConfigError('observations', `an entry index (${mi - 1}, ${mj - 1}) lies outside the ${R}×${C} matrix`);
  const index = new Int32Array(n);
  for (let k = 0; k < n; k++) index[k] = I[k]! * C + J[k]!;
  const order = Array.from(index.keys()).sort((a, b) => index[a]! - index[b]!);
  const idx = Int32Array.from(order, (k) => index[k]!), vals = Float64Array.from(order, (k) => v[k]!);
  for (let k = 1; k < n; k++) {
    if (idx[k] === idx[k - 1]) throw new ConfigError('observations', `entry (${Math.floor(idx[k]! / C)}, ${idx[k]! % C}) is given twice`);
  }
  return { rows: R, cols: C, index: idx, values: vals };
}

/** A factorisation problem: the Problem contract plus the product, the factors and the test error. */
export interface DmfProblem extends Problem {
  readonly factorization: DeepFactorization;
  /** Ground truth W* (rows×cols) when known (synthetic data). */
  readonly truth?: Float64Array;
  /** The observed entries (completion problems). */
  readonly observed?: ObservedEntries;
  /** W = W_N⋯W_1 at θ (fresh array). */
  product(theta: Float64Array): Float64Array;
  /** Reference test error: mean over all entries of (W − W*)² (NaN without a ground truth). */
  testError(theta: Float64Array): number;
  /** Initial θ for `kind` at `scale` (the problem's `init` uses its configured kind and scale). */
  initWith(kind: DmfInit, scale: number, rng: Rng): Float64Array;
}

/** Mean squared difference over all entries (the reference's get_test_loss). */
export function meanSquaredError(W: Float64Array, T: Float64Array): number {
  let s = 0;
  for (let i = 0; i < W.length; i++) { const d = W[i]! - T[i]!; s += d * d; }
  return s / W.length;
}

export interface CompletionOptions {
  rows: number; cols: number; depth: number; width?: number;
  observed: ObservedEntries;
  truth?: Float64Array;
  init?: DmfInit; initScale?: number;
}

/** Builds the completion problem over given observations (synthetic or user-supplied). */
export function completionProblem(o: CompletionOptions, id = 'matrix-completion'): DmfProblem {
  const { rows, cols, depth, observed } = o;
  if (observed.rows !== rows || observed.cols !== cols) throw new ShapeError(`${id}: observations are for ${observed.rows}×${observed.cols}; problem is ${rows}×${cols}`);
  if (o.truth && o.truth.length !== rows * cols) throw new ShapeError(`${id}: truth has ${o.truth.length} entries; expected ${rows * cols}`);
  const fac = new DeepFactorization({ rows, cols, depth, width: o.width ?? Math.min(rows, cols) });
  const { index, values } = observed;
  const m = index.length;
  // Gᵀ = (∂ℓ/∂W)ᵀ (cols×rows) is what `backward` takes fastest; tindex[k] is entry k's position in it.
  const W = new Float64Array(rows * cols), GT = new Float64Array(rows * cols);
  const tindex = Int32Array.from(index, (p) => (p % cols) * rows + Math.floor(p / cols));
  const kind = o.init ?? 'gaussian', scale = o.initScale ?? 1e-3;
  const valueAndGrad = (theta: Float64Array, batch?: Batch, out?: Float64Array) => {
    if (batch !== undefined) throw new InvalidArgumentError(`${id}: minibatches are not supported; the loss is over all observed entries`);
    fac.product(theta, W);
    // Gᵀ is zero off Ω and every observed entry is rewritten below, so it is never cleared.
    let v = 0;
    const c = 2 / m;
    for (let k = 0; k < m; k++) { const r = W[index[k]!]! - values[k]!; v += r * r; GT[tindex[k]!] = c * r; }
    const g = out ?? new Float64Array(fac.dim);
    fac.backward(theta, GT, g, true);
    return { value: v / m, grad: g };
  };
  const loss = (theta: Float64Array, batch?: Batch) => {
    if (batch !== undefined) throw new InvalidArgumentError(`${id}: minibatches are not supported; the loss is over all observed entries`);
    fac.product(theta, W);
    let v = 0;
    for (let k = 0; k < m; k++) { const r = W[index[k]!]! - values[k]!; v += r * r; }
    return v / m;
  };
  return {
    id, dim: fac.dim, factorization: fac, observed, ...(o.truth ? { truth: o.truth } : {}),
    init: (rng) => fac.init(kind, scale, rng),
    initWith: (k, s, rng) => fac.init(k, s, rng),
    loss,
    grad: (theta, batch, out) => valueAndGrad(theta, batch, out).grad,
    valueAndGrad,
    product: (theta) => fac.product(theta, new Float64Array(rows * cols)),
    testError: (theta) => (o.truth ? meanSquaredError(fac.product(theta, new Float64Array(rows * cols)), o.truth) : NaN),
  };
}

/** ParamSpecs shared by completion and sensing. */
export const factorizationParams: ParamSpec[] = [
  { name: 'size', kind: 'integer', default: 100, min: 1, doc: 'n: the ground truth is n×n (reference: 100)' },
  { name: 'rank', kind: 'integer', default: 5, min: 1, doc: 'rank r of the ground truth (reference: 5)' },
  { name: 'observations', kind: 'integer', default: 2000, min: 1, doc: 'number of observed entries / measurements m (reference: 2000, 5000)' },
  { name: 'depth', kind: 'integer', default: 3, min: 1, max: 6, doc: 'depth N of W = W_N⋯W_1 (1 = the matrix itself)' },
  { name: 'init', kind: 'enum', values: DMF_INITS, default: 'gaussian', doc: 'factor initialisation (reference main.py::init_model conventions)' },
  { name: 'initScale', kind: 'number', default: 1e-3, min: 0, minExclusive: true, doc: 'init_scale: ‖W_N⋯W_1‖_F ≈ initScale·√n for gaussian' },
  { name: 'symmetric', kind: 'boolean', default: false, doc: 'symmetric ground truth (V = U)' },
];

export const matrixCompletion: ProblemSpec = {
  id: 'matrix-completion',
  summary: 'depth-N factorisation W_N⋯W_1 fitted to observed entries of a rank-r matrix (Arora et al. 2019); or user entries',
  params: [
    ...factorizationParams,
    { name: 'entries', kind: 'matrix', doc: 'user observations: rows [i, j, value] (0-based); replaces the synthetic data (shape = max index + 1)' },
  ],
  create(o, rng) {
    const depth = o.depth as number, init = o.init as DmfInit, initScale = o.initScale as number;
    if (o.entries !== undefined) {
      // User data: the matrix is (max i + 1)×(max j + 1); no ground truth, so testError is NaN.
      const obs = entriesFromTriples(o.entries as unknown[]);
      return completionProblem({ rows: obs.rows, cols: obs.cols, depth, observed: obs, init, initScale });
    }
    const n = o.size as number;
    const truth = lowRankTruth(n, n, o.rank as number, rng.fork('truth'), o.symmetric as boolean);
    const index = sampleWithoutReplacement(n * n, o.observations as number, rng.fork('observations'));
    const values = Float64Array.from(index, (p) => truth[p]!);
    return completionProblem({ rows: n, cols: n, depth, observed: { rows: n, cols: n, index, values }, truth, init, initScale });
  },
};
