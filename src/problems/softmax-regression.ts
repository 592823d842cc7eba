/**
 * Softmax (multinomial logistic) regression: θ = [W (classes×d, row-major), b (classes)], loss = mean cross-entropy
 * −log softmax(W xᵢ + b)_{yᵢ} + ½·l2·‖θ‖². Seeded teacher data: x ~ N(0, I), y ~ softmax(W_true x). Closed-form
 * gradient (p − onehot)·[x, 1]ᵀ and Hessian mean (diag p − ppᵀ) ⊗ [x, 1][x, 1]ᵀ. Without l2 the loss is invariant
 * to adding one vector to every class, so a minimiser is declared (by Newton) only when l2 > 0.
 */
import type { ProblemSpec } from './types.ts';
import { batchIndices, checkTheta, gaussianMatrix, dataParams } from './data.ts';
import { newtonMinimum } from './dense.ts';
import { categoricalFamily } from './predictive.ts';
import { linearPredictive } from './predictive-models.ts';

export const softmaxRegression: ProblemSpec = {
  id: 'softmax-regression',
  summary: 'multinomial logistic regression (cross-entropy) on seeded teacher data; θ = [W, b]',
  params: [
    dataParams.examples(300),
    dataParams.dim(4, 'number of input features d'),
    { name: 'classes', kind: 'integer', default: 3, min: 2, doc: 'number of classes K' },
    dataParams.l2(),
  ],
  create(o, rng) {
    const id = 'softmax-regression';
    const n = o.examples as number, d = o.dim as number, K = o.classes as number, l2 = o.l2 as number;
    const D = K * (d + 1);
    const X = gaussianMatrix(n, d, rng.fork('x'));
    const wTrue = rng.fork('teacher').fillNormal(new Float64Array(K * d));
    const u = rng.fork('labels');
    const labels = new Int32Array(n);
    const p = new Float64Array(K);
    // probabilities softmax(W x + b) for example i into p
    const probs = (theta: Float64Array, i: number, withBias: boolean) => {
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        let z = withBias ? theta[K * d + c]! : 0;
        for (let j = 0; j < d; j++) z += theta[c * d + j]! * X[i * d + j]!;
        p[c] = z; if (z > max) max = z;
      }
      let s = 0;
      for (let c = 0; c < K; c++) { p[c] = Math.exp(p[c]! - max); s += p[c]!; }
      for (let c = 0; c < K; c++) p[c] = p[c]! / s;
      return Math.log(s) + max; // log-sum-exp
    };
    for (let i = 0; i < n; i++) {
      probs(wTrue, i, false);
      labels[i] = u.categorical(p);
    }
    const valueAndGrad = (theta: Float64Array, batch: Int32Array | undefined, out?: Float64Array) => {
      checkTheta(id, theta, D);
      const idx = batchIndices(id, batch, n), m = idx.length;
      const g = out ?? new Float64Array(D);
      g.fill(0);
      let v = 0;
      for (let k = 0; k < m; k++) {
        const i = idx[k]!, yi = labels[i]!;
        const lse = probs(theta, i, true);
        let zy = theta[K * d + yi]!;
        for (let j = 0; j < d; j++) zy += theta[yi * d + j]! * X[i * d + j]!;
        v += lse - zy;
        for (let c = 0; c < K; c++) {
          const r = (p[c]! - (c === yi ? 1 : 0)) / m;
          for (let j = 0; j < d; j++) g[c * d + j] = g[c * d + j]! + r * X[i * d + j]!;
          g[K * d + c] = g[K * d + c]! + r;
        }
      }
      let reg = 0;
      for (let j = 0; j < D; j++) { reg += theta[j]! ** 2; g[j] = g[j]! + l2 * theta[j]!; }
      return { value: v / m + 0.5 * l2 * reg, grad: g };
    };
    // Index of parameter (class c, input feature j) in θ; j = d is the bias.
    const at = (c: number, j: number) => (j === d ? K * d + c : c * d + j);
    const hessian = (theta: Float64Array, batch?: Int32Array) => {
      checkTheta(id, theta, D);
      const idx = batchIndices(id, batch, n), m = idx.length;
      const h = new Float64Array(D * D);
      for (let k = 0; k < m; k++) {
        const i = idx[k]!;
        probs(theta, i, true);
        for (let c = 0; c < K; c++) for (let e = 0; e < K; e++) {
          const w = ((c === e ? p[c]! : 0) - p[c]! * p[e]!) / m;
          if (w === 0) continue;
          for (let a = 0; a <= d; a++) {
            const xa = a === d ? 1 : X[i * d + a]!;
            for (let b = 0; b <= d; b++) {
              const xb = b === d ? 1 : X[i * d + b]!;
              h[at(c, a) * D + at(e, b)] = h[at(c, a) * D + at(e, b)]! + w * xa * xb;
            }
          }
        }
      }
      for (let j = 0; j < D; j++) h[j * D + j] = h[j * D + j]! + l2;
      return h;
    };
    const loss = (theta: Float64Array, batch?: Int32Array) => valueAndGrad(theta, batch).value;
    return {
      id,
      dim: D,
      examples: n,
      init: () => new Float64Array(D),
      loss,
      grad: (theta, batch, out) => valueAndGrad(theta, batch, out).grad,
      valueAndGrad,
      hessian,
      minima: l2 > 0 ? newtonMinimum(D, loss, (w) => valueAndGrad(w, undefined).grad, hessian) : [],
      hooks: { X, labels, examples: n, features: d, classes: K },
      predictive: linearPredictive({ X, Y: Float64Array.from(labels), n, d, family: categoricalFamily(K), bias: true, l2 }),
    };
  },
};
