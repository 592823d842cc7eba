/**
 * Least squares L(w) = ½·mean_i (xᵢ·w − yᵢ)² on seeded teacher data: xᵢ ~ N(0, I_d), y = X w_true + noise·ε.
 * The exact minimiser solves XᵀX w = Xᵀy; the (full-batch) Hessian is XᵀX/n.
 */
import type { ProblemSpec } from './types.ts';
import { batchIndices, checkTheta, gaussianMatrix, dataParams } from './data.ts';
import { spdSolve } from './dense.ts';

export const linearRegression: ProblemSpec = {
  id: 'linear-regression',
  summary: 'least squares ½·mean (x·w − y)² on seeded Gaussian teacher data; exact minimiser from the normal equations',
  params: [
    dataParams.examples(100),
    dataParams.dim(5, 'number of features d (= parameters)'),
    dataParams.noise(0.1),
  ],
  create(o, rng) {
    const n = o.examples as number, d = o.dim as number, noise = o.noise as number;
    const id = 'linear-regression';
    const X = gaussianMatrix(n, d, rng.fork('x'));
    const wTrue = rng.fork('teacher').fillNormal(new Float64Array(d));
    const eps = rng.fork('noise').fillNormal(new Float64Array(n));
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]! * wTrue[j]!;
      y[i] = s + noise * eps[i]!;
    }
    const valueAndGrad = (w: Float64Array, batch: Int32Array | undefined, out?: Float64Array) => {
      checkTheta(id, w, d);
      const idx = batchIndices(id, batch, n), m = idx.length;
      const g = out ?? new Float64Array(d);
      g.fill(0);
      let v = 0;
      for (let k = 0; k < m; k++) {
        const o2 = idx[k]! * d;
        let r = -y[idx[k]!]!;
        for (let j = 0; j < d; j++) r += X[o2 + j]! * w[j]!;
        v += r * r;
        for (let j = 0; j < d; j++) g[j] = g[j]! + r * X[o2 + j]!;
      }
      for (let j = 0; j < d; j++) g[j] = g[j]! / m;
      return { value: 0.5 * v / m, grad: g };
    };
    const hessian = (_w: Float64Array, batch?: Int32Array) => {
      const idx = batchIndices(id, batch, n), m = idx.length;
      const h = new Float64Array(d * d);
      for (let k = 0; k < m; k++) {
        const o2 = idx[k]! * d;
        for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) h[a * d + b] = h[a * d + b]! + X[o2 + a]! * X[o2 + b]! / m;
      }
      return h;
    };
    const problem = {
      id,
      dim: d,
      examples: n,
      init: () => new Float64Array(d),
      loss: (w: Float64Array, batch?: Int32Array) => valueAndGrad(w, batch).value,
      grad: (w: Float64Array, batch?: Int32Array, out?: Float64Array) => valueAndGrad(w, batch, out).grad,
      valueAndGrad,
      hessian,
      hooks: { X, y, wTrue, examples: n, features: d },
    };
    // Normal equations (XᵀX/n) w = Xᵀy/n; rank-deficient designs (n < d) have no unique minimiser.
    const h = hessian(new Float64Array(d));
    const rhs = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rhs[j] = rhs[j]! + X[i * d + j]! * y[i]! / n;
    let minima: { theta: number[]; loss: number; global: boolean }[] = [];
    try {
      const wStar = spdSolve(h, rhs, d, id);
      minima = [{ theta: Array.from(wStar), loss: problem.loss(wStar), global: true }];
    } catch { minima = []; }
    return { ...problem, minima };
  },
};
