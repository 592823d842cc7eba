/**
 * Gaussian regression, the likelihood view of least squares: y ~ N(x·w, σ²) with x ~ N(0, I), seeded teacher
 * y = x·w_true + noise·ε. Fixed variance: θ = w, loss = mean ½(y − x·w)²/σ². Learned variance: θ = [w, s] with
 * s = log σ² shared by all examples, loss = mean ½(y − x·w)²e^{−s} + ½s (both up to ½·log 2π). The predictive hook
 * gives f = x·w (fixed) or f = (x·w, s) (learned; there the GGN differs from the Fisher away from the optimum).
 */
import type { Batch, ProblemSpec } from './types.ts';
import { gaussianMatrix, dataParams } from './data.ts';
import { checkDim, exampleIndices, gaussianFamily, gaussianLearnedFamily, type Predictive } from './predictive.ts';
import { linearPredictive, problemFromPredictive } from './predictive-models.ts';

/** f = (x·w, s) for θ = [w (d), s]: a linear mean and one shared log-variance. */
function learnedVariancePredictive(X: Float64Array, Y: Float64Array, n: number, d: number): Predictive {
  const family = gaussianLearnedFamily(1), dim = d + 1;
  return {
    family, examples: n, dim, l2: 0,
    linearize(theta, batch?: Batch) {
      checkDim('gaussian-regression', theta, dim);
      const idx = exampleIndices('gaussian-regression', batch, n), m = idx.length;
      const apply = (w: Float64Array, withS: boolean) => {
        const f = new Float64Array(2 * m);
        for (let k = 0; k < m; k++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += X[idx[k]! * d + j]! * w[j]!;
          f[2 * k] = s; f[2 * k + 1] = withS ? w[d]! : 0;
        }
        return f;
      };
      const outputs = apply(theta, true);
      return {
        m, outputs,
        targets: Float64Array.from(idx, (i) => Y[i]!),
        jvp: (v) => apply(v, true),
        vjp(u, out) {
          const g = out ?? new Float64Array(dim);
          g.fill(0);
          for (let k = 0; k < m; k++) {
            for (let j = 0; j < d; j++) g[j] = g[j]! + u[2 * k]! * X[idx[k]! * d + j]!;
            g[d] = g[d]! + u[2 * k + 1]!;
          }
          return g;
        },
      };
    },
  };
}

export const gaussianRegression: ProblemSpec = {
  id: 'gaussian-regression',
  summary: 'linear-Gaussian likelihood y ~ N(x·w, σ²) on seeded teacher data, fixed or learned (log) variance',
  params: [
    dataParams.examples(100),
    dataParams.dim(3),
    dataParams.noise(0.5, 'standard deviation of the teacher label noise'),
    { name: 'variance', kind: 'number', default: 1, min: 0, minExclusive: true, doc: 'model variance σ² when it is fixed' },
    { name: 'learnVariance', kind: 'boolean', default: false, doc: 'learn s = log σ² as the last parameter (init 0)' },
  ],
  create(o, rng) {
    const n = o.examples as number, d = o.dim as number;
    const X = gaussianMatrix(n, d, rng.fork('x'));
    const wTrue = rng.fork('teacher').fillNormal(new Float64Array(d));
    const eps = rng.fork('noise').fillNormal(new Float64Array(n));
    const Y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]! * wTrue[j]!;
      Y[i] = s + (o.noise as number) * eps[i]!;
    }
    const pred = o.learnVariance
      ? learnedVariancePredictive(X, Y, n, d)
      : linearPredictive({ X, Y, n, d, family: gaussianFamily(1, o.variance as number), bias: false });
    return problemFromPredictive('gaussian-regression', pred, () => new Float64Array(pred.dim),
      { hooks: { X, y: Y, wTrue, examples: n, features: d } });
  },
};
