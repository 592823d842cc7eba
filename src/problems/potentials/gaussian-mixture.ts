/**
 * Gaussian-mixture energy U(x) = −log Σₖ wₖ N(x; μₖ, diag σ²ₖ) (normalised components, so Z = 1 at T = 1): a
 * multimodal target whose exact moments are known (mean Σwₖμₖ), for testing how samplers cross between modes.
 * ∇U = Σₖ rₖ(x)(x − μₖ)/σ²ₖ with responsibilities rₖ computed by log-sum-exp.
 */
import { ConfigError } from '../../errors.ts';
import type { ProblemSpec } from '../types.ts';
import { potentialProblem } from './potential.ts';

export const gaussianMixture: ProblemSpec = {
  id: 'gaussian-mixture',
  summary: 'Gaussian-mixture energy −log Σ wₖ N(x; μₖ, diag σ²ₖ), any dim; default two 1-D modes at ±2',
  params: [
    { name: 'means', kind: 'matrix', default: [[-2], [2]], doc: 'component means μₖ, one row per component (K×d)' },
    { name: 'variances', kind: 'matrix', min: 0, minExclusive: true, doc: 'diagonal variances σ²ₖ, K×d (default all 1)' },
    { name: 'weights', kind: 'number[]', min: 0, minExclusive: true, doc: 'mixture weights wₖ (normalised; default equal)' },
  ],
  create(o) {
    const means = o.means as number[][];
    const K = means.length, d = means[0]!.length;
    const variances = (o.variances as number[][] | undefined) ?? means.map(() => new Array(d).fill(1));
    if (variances.length !== K || variances.some((r) => r.length !== d)) {
      throw new ConfigError('problem.variances', `must be ${K}×${d} like means`);
    }
    const w = (o.weights as number[] | undefined) ?? new Array(K).fill(1);
    if (w.length !== K) throw new ConfigError('problem.weights', `has ${w.length} entries; means has ${K} components`);
    const wsum = w.reduce((a, b) => a + b, 0);
    const mu = Float64Array.from(means.flat()), prec = Float64Array.from(variances.flat(), (v) => 1 / v);
    // log wₖ − ½Σ log(2πσ²ₖᵢ): the constant of each component's log-density.
    const logc = Float64Array.from(variances, (row, k) => Math.log(w[k]! / wsum) - 0.5 * row.reduce((a, v) => a + Math.log(2 * Math.PI * v), 0));
    const lk = new Float64Array(K);
    // Fills lk with each component's log-density at xs[off …] and returns log Σ exp(lk).
    const logDensity = (xs: Float64Array, off: number): number => {
      let m = -Infinity;
      for (let k = 0; k < K; k++) {
        let q = 0;
        for (let i = 0; i < d; i++) { const r = xs[off + i]! - mu[k * d + i]!; q += prec[k * d + i]! * r * r; }
        lk[k] = logc[k]! - 0.5 * q;
        if (lk[k]! > m) m = lk[k]!;
      }
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp(lk[k]! - m);
      return m + Math.log(s);
    };
    const gradAt = (xs: Float64Array, off: number, out: Float64Array, o2: number): void => {
      const l = logDensity(xs, off);
      for (let i = 0; i < d; i++) out[o2 + i] = 0;
      for (let k = 0; k < K; k++) {
        const rk = Math.exp(lk[k]! - l);
        for (let i = 0; i < d; i++) out[o2 + i] += rk * prec[k * d + i]! * (xs[off + i]! - mu[k * d + i]!);
      }
    };
    const box = Array.from({ length: d }, (_, i) => {
      let lo = Infinity, hi = -Infinity;
      for (let k = 0; k < K; k++) {
        const s = 10 * Math.sqrt(variances[k]![i]!);
        lo = Math.min(lo, mu[k * d + i]! - s); hi = Math.max(hi, mu[k * d + i]! + s);
      }
      return [lo, hi] as [number, number];
    });
    return potentialProblem({
      id: 'gaussian-mixture', dim: d,
      energy: (x) => -logDensity(x, 0),
      grad: (x, out) => gradAt(x, 0, out, 0),
      batch: {
        energy(xs, n, out) { for (let p = 0; p < n; p++) out[p] = -logDensity(xs, p * d); },
        grad(xs, n, out) { for (let p = 0; p < n; p++) gradAt(xs, p * d, out, p * d); },
      },
      start: means[0]!.slice(), box,
    });
  },
};
