/**
 * The top principal component as an objective, for Hebbian/Oja learning: data xᵢ ~ N(0, C) with a planted
 * spectrum, and
 *   L(w) = −wᵀCw/‖w‖² + c·(‖w‖² − 1)²
 * (minus the Rayleigh quotient, plus a pull onto the unit sphere). Its minimisers are ±the top eigenvector of the
 * sample covariance, with L = −λ_max. Oja's rule ẇ = Cw − (wᵀCw)w is not −∇L, yet −∇L·ẇ ≥ 0 everywhere (Cauchy–
 * Schwarz, plus 4c·wᵀCw·(‖w‖² − 1)²), so it is natural gradient descent on L (arXiv 2409.16422).
 */
import { eigh } from '../linalg/index.ts';
import type { ProblemSpec } from './types.ts';
import { batchIndices, checkTheta, gaussianMatrix, dataParams } from './data.ts';
import { ConfigError } from '../errors.ts';

export const pca: ProblemSpec = {
  id: 'pca',
  summary: 'top principal component: −Rayleigh quotient wᵀCw/‖w‖² + c(‖w‖² − 1)² on Gaussian data with a planted spectrum',
  params: [
    dataParams.examples(500),
    { name: 'spectrum', kind: 'number[]', default: [4, 2, 1, 0.5, 0.25], min: 0, doc: 'population covariance eigenvalues (their count is the dimension d)' },
    { name: 'normWeight', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'weight c of the (‖w‖² − 1)² term' },
  ],
  create(o, rng) {
    const id = 'pca';
    const lam = o.spectrum as number[], n = o.examples as number, c = o.normWeight as number, d = lam.length;
    if (d < 1) throw new ConfigError('problem.spectrum', 'is empty; give at least one eigenvalue');
    // X = Z diag(√λ) Qᵀ with a seeded random rotation Q (Gram–Schmidt of a Gaussian matrix)
    const Z = gaussianMatrix(n, d, rng.fork('x'));
    const G = gaussianMatrix(d, d, rng.fork('rotation'));
    const Q: Float64Array[] = [];
    for (let j = 0; j < d; j++) {
      const v = G.slice(j * d, (j + 1) * d);
      for (let pass = 0; pass < 2; pass++) for (const q of Q) { let s = 0; for (let i = 0; i < d; i++) s += v[i]! * q[i]!; for (let i = 0; i < d; i++) v[i] = v[i]! - s * q[i]!; }
      let nv = 0; for (let i = 0; i < d; i++) nv += v[i]! ** 2;
      Q.push(v.map((x) => x / Math.sqrt(nv)));
    }
    const X = new Float64Array(n * d);
    for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) {
      let s = 0; for (let k = 0; k < d; k++) s += Z[r * d + k]! * Math.sqrt(lam[k]!) * Q[k]![j]!;
      X[r * d + j] = s;
    }
    const valueAndGrad = (w: Float64Array, batch: Int32Array | undefined, out?: Float64Array) => {
      checkTheta(id, w, d);
      const idx = batchIndices(id, batch, n), m = idx.length;
      // Cw and wᵀCw over the batch
      const Cw = new Float64Array(d);
      let wCw = 0, ww = 0;
      for (let k = 0; k < m; k++) {
        const off = idx[k]! * d;
        let p = 0; for (let j = 0; j < d; j++) p += X[off + j]! * w[j]!;
        wCw += p * p / m;
        for (let j = 0; j < d; j++) Cw[j] = Cw[j]! + p * X[off + j]! / m;
      }
      for (let j = 0; j < d; j++) ww += w[j]! * w[j]!;
      const g = out ?? new Float64Array(d);
      if (!(ww > 0)) { g.fill(0); return { value: NaN, grad: g }; }
      const R = wCw / ww, pen = ww - 1;
      for (let j = 0; j < d; j++) g[j] = -2 * (Cw[j]! - R * w[j]!) / ww + 4 * c * pen * w[j]!;
      return { value: -R + c * pen * pen, grad: g };
    };
    const C = new Float64Array(d * d);
    for (let r = 0; r < n; r++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) C[a * d + b] = C[a * d + b]! + X[r * d + a]! * X[r * d + b]! / n;
    const { values, vectors } = eigh({ rows: d, cols: d, data: C });
    const top = Array.from({ length: d }, (_, i) => vectors.data[i * d + d - 1]!);
    return {
      id, dim: d, examples: n,
      init: (r) => r.fillNormal(new Float64Array(d), 0, 1 / Math.sqrt(d)),
      loss: (w, batch) => valueAndGrad(w, batch).value,
      grad: (w, batch, out) => valueAndGrad(w, batch, out).grad,
      valueAndGrad,
      minima: [1, -1].map((s) => ({ theta: top.map((v) => s * v), loss: -values[d - 1]!, global: true })),
      hooks: { X, examples: n, features: d, covariance: C, eigenvalues: Array.from(values) },
    };
  },
};
