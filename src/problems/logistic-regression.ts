/**
 * Logistic regression L(w) = mean_i [log(1 + e^{zᵢ}) − yᵢ zᵢ] + ½·l2·‖w‖², zᵢ = xᵢ·w, labels in {0, 1}.
 * Data: seeded teacher (x ~ N(0, I), y ~ Bernoulli(σ(x·w_true))) or the fixed 10-point set of anchors §4.5
 * (Kunstner et al.'s ill-scaled example, w* = (0.51821594, −0.02185578, −0.12402553) at scale 100).
 * The minimiser is found by Newton's method at build time (declared only when Newton converges).
 */
import type { ProblemSpec } from './types.ts';
import { batchIndices, checkTheta, gaussianMatrix, sigmoid, softplus, dataParams } from './data.ts';
import { newtonMinimum } from './dense.ts';
import { bernoulli } from './predictive.ts';
import { linearPredictive } from './predictive-models.ts';

const K_X1 = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5];
const K_X2 = [0.3, -0.1, 0.2, 0, -0.2, 0.1, -0.3, 0.2, 0, -0.1];
const K_Y = [0, 0, 1, 0, 1, 0, 1, 1, 0, 1];

export const logisticRegression: ProblemSpec = {
  id: 'logistic-regression',
  summary: 'mean log-loss of a linear classifier on seeded teacher data (or the fixed ill-scaled set of anchors §4.5)',
  params: [
    dataParams.examples(200, 'number of examples n (teacher data)'),
    dataParams.dim(5, 'number of features d (teacher data)'),
    dataParams.l2('ridge penalty ½·l2·‖w‖²'),
    { name: 'dataset', kind: 'enum', values: ['teacher', 'kunstner'], default: 'teacher', doc: "'kunstner': the fixed 10×3 set (x1, scale·x2, bias) of anchors §4.5; ignores examples/dim" },
    { name: 'scale', kind: 'number', default: 100, doc: "scale of the second feature of the 'kunstner' set" },
  ],
  create(o, rng) {
    const id = 'logistic-regression', l2 = o.l2 as number;
    let n: number, d: number, X: Float64Array, y: Float64Array;
    if (o.dataset === 'kunstner') {
      n = 10; d = 3;
      X = new Float64Array(n * d);
      for (let i = 0; i < n; i++) { X[3 * i] = K_X1[i]!; X[3 * i + 1] = (o.scale as number) * K_X2[i]!; X[3 * i + 2] = 1; }
      y = Float64Array.from(K_Y);
    } else {
      n = o.examples as number; d = o.dim as number;
      X = gaussianMatrix(n, d, rng.fork('x'));
      const wTrue = rng.fork('teacher').fillNormal(new Float64Array(d));
      const u = rng.fork('labels');
      y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let z = 0;
        for (let j = 0; j < d; j++) z += X[i * d + j]! * wTrue[j]!;
        y[i] = u.uniform() < sigmoid(z) ? 1 : 0;
      }
    }
    const valueAndGrad = (w: Float64Array, batch: Int32Array | undefined, out?: Float64Array) => {
      checkTheta(id, w, d);
      const idx = batchIndices(id, batch, n), m = idx.length;
      const g = out ?? new Float64Array(d);
      g.fill(0);
      let v = 0;
      for (let k = 0; k < m; k++) {
        const i = idx[k]!, o2 = i * d;
        let z = 0;
        for (let j = 0; j < d; j++) z += X[o2 + j]! * w[j]!;
        v += softplus(z) - y[i]! * z;
        const r = (sigmoid(z) - y[i]!) / m;
        for (let j = 0; j < d; j++) g[j] = g[j]! + r * X[o2 + j]!;
      }
      let reg = 0;
      for (let j = 0; j < d; j++) { reg += w[j]! * w[j]!; g[j] = g[j]! + l2 * w[j]!; }
      return { value: v / m + 0.5 * l2 * reg, grad: g };
    };
    const hessian = (w: Float64Array, batch?: Int32Array) => {
      checkTheta(id, w, d);
      const idx = batchIndices(id, batch, n), m = idx.length;
      const h = new Float64Array(d * d);
      for (let k = 0; k < m; k++) {
        const o2 = idx[k]! * d;
        let z = 0;
        for (let j = 0; j < d; j++) z += X[o2 + j]! * w[j]!;
        const p = sigmoid(z), c = p * (1 - p) / m;
        for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) h[a * d + b] = h[a * d + b]! + c * X[o2 + a]! * X[o2 + b]!;
      }
      for (let a = 0; a < d; a++) h[a * d + a] = h[a * d + a]! + l2;
      return h;
    };
    const loss = (w: Float64Array, batch?: Int32Array) => valueAndGrad(w, batch).value;
    return {
      id,
      dim: d,
      examples: n,
      init: () => new Float64Array(d),
      loss,
      grad: (w, batch, out) => valueAndGrad(w, batch, out).grad,
      valueAndGrad,
      hessian,
      minima: newtonMinimum(d, loss, (w) => valueAndGrad(w, undefined).grad, hessian),
      hooks: { X, y, examples: n, features: d },
      predictive: linearPredictive({ X, Y: y, n, d, family: bernoulli, bias: false, l2 }),
    };
  },
};
