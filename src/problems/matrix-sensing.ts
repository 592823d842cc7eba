/**
 * Matrix sensing with a depth-N factorisation W = W_N⋯W_1 (Arora, Cohen, Hu, Luo 2019, appendix; their gen_obs.py):
 *   y_k = ⟨A_k, W*⟩ with A_k = randn(n, n)/n,   ℓ(W) = (1/m)·Σ_k (⟨A_k, W⟩ − y_k)²   (no ½, as the reference).
 * The m measurement matrices are held as one m×(rows·cols) row-major matrix 𝒜, so ℓ's residual is one gemv
 * (𝒜·vec W − y) and ∂ℓ/∂W = (2/m)·𝒜ᵀr another. Commuting measurements (A_k = e_k e_kᵀ) give the diagonal case
 * whose singular values follow the closed-form gradient flow (Gunasekar et al. 2017; Arora et al. 2019).
 */
import { InvalidArgumentError, ResourceError, ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import type { Batch, ProblemSpec } from './types.ts';
import { DeepFactorization, factorizationParams, lowRankTruth, meanSquaredError, type DmfInit, type DmfProblem } from './matrix-completion.ts';

export interface SensingOptions {
  rows: number; cols: number; depth: number; width?: number;
  /** m×(rows·cols) row-major: row k is vec(A_k). */
  measurements: Float64Array;
  /** y (length m). */
  targets: Float64Array;
  truth?: Float64Array;
  init?: DmfInit; initScale?: number;
}

/** Largest measurement tensor we build (bytes); the reference's 5000 × 100 × 100 needs 400 MB. */
export const MAX_SENSING_BYTES = 1.6e9;

export function sensingProblem(o: SensingOptions, id = 'matrix-sensing'): DmfProblem {
  const { rows, cols, depth, measurements: A, targets: y } = o;
  const d = rows * cols, m = y.length;
  if (m < 1) throw new InvalidArgumentError(`${id}: no measurements given`);
  if (A.length !== m * d) throw new ShapeError(`${id}: measurements have ${A.length} entries; expected m·rows·cols = ${m}·${d}`);
  if (o.truth && o.truth.length !== d) throw new ShapeError(`${id}: truth has ${o.truth.length} entries; expected ${d}`);
  const fac = new DeepFactorization({ rows, cols, depth, width: o.width ?? Math.min(rows, cols) });
  const W = new Float64Array(d), G = new Float64Array(d), r = new Float64Array(m);
  const kind = o.init ?? 'gaussian', scale = o.initScale ?? 1e-3;
  const noBatch = (batch: Batch) => {
    if (batch !== undefined) throw new InvalidArgumentError(`${id}: minibatches are not supported; the loss is over all measurements`);
  };
  const residual = (theta: Float64Array): number => {
    fac.product(theta, W);
    r.set(y);
    kernels().gemm(false, false, m, 1, d, 1, A, W, -1, r); // r = 𝒜·vec W − y
    let v = 0;
    for (let k = 0; k < m; k++) v += r[k]! * r[k]!;
    return v / m;
  };
  const valueAndGrad = (theta: Float64Array, batch?: Batch, out?: Float64Array) => {
    noBatch(batch);
    const value = residual(theta);
    kernels().gemm(true, false, d, 1, m, 2 / m, A, r, 0, G); // G = (2/m)·𝒜ᵀr
    const g = out ?? new Float64Array(fac.dim);
    fac.backward(theta, G, g);
    return { value, grad: g };
  };
  return {
    id, dim: fac.dim, factorization: fac, ...(o.truth ? { truth: o.truth } : {}),
    init: (rng) => fac.init(kind, scale, rng),
    initWith: (k, s, rng) => fac.init(k, s, rng),
    loss: (theta, batch) => { noBatch(batch); return residual(theta); },
    grad: (theta, batch, out) => valueAndGrad(theta, batch, out).grad,
    valueAndGrad,
    product: (theta) => fac.product(theta, new Float64Array(d)),
    testError: (theta) => (o.truth ? meanSquaredError(fac.product(theta, new Float64Array(d)), o.truth) : NaN),
  };
}

export const matrixSensing: ProblemSpec = {
  id: 'matrix-sensing',
  summary: 'depth-N factorisation W_N⋯W_1 fitted to Gaussian linear measurements ⟨A_k, W*⟩, A_k = randn/n (Arora et al. 2019)',
  params: factorizationParams,
  create(o, rng) {
    const n = o.size as number, m = o.observations as number;
    if (8 * m * n * n > MAX_SENSING_BYTES) {
      throw new ResourceError(`matrix-sensing: ${m} measurements of ${n}×${n} need ${(8 * m * n * n / 1e9).toFixed(2)} GB; at most ${MAX_SENSING_BYTES / 1e9} GB is built (fewer observations or a smaller size)`);
    }
    const truth = lowRankTruth(n, n, o.rank as number, rng.fork('truth'), o.symmetric as boolean);
    const A = rng.fork('measurements').fillNormal(new Float64Array(m * n * n), 0, 1 / n);
    const y = new Float64Array(m);
    kernels().gemm(false, false, m, 1, n * n, 1, A, truth, 0, y);
    return sensingProblem({
      rows: n, cols: n, depth: o.depth as number, measurements: A, targets: y, truth,
      init: o.init as DmfInit, initScale: o.initScale as number,
    });
  },
};
