/**
 * Gaussian energy U(x) = ½(x − μ)ᵀΣ⁻¹(x − μ) in any dimension, with a diagonal (`variance`) or full (`cov`)
 * covariance: the Boltzmann law at temperature T is N(μ, T·Σ), the exact reference for sampler tests
 * (ULA's stationary variance σ²/(1 − h/(2σ²)) at T = 1, anchors-science §3.1).
 */
import { ConfigError } from '../../errors.ts';
import { cholesky, fromRows, identity, solveSPD, toRows } from '../../linalg/index.ts';
import type { ProblemSpec } from '../types.ts';
import { potentialProblem } from './potential.ts';

export const gaussian: ProblemSpec = {
  id: 'gaussian',
  summary: 'Gaussian energy ½(x − μ)ᵀΣ⁻¹(x − μ), any dim, diagonal or full covariance; Boltzmann law N(μ, TΣ)',
  params: [
    { name: 'dim', kind: 'integer', default: 1, min: 1, doc: 'dimension d (ignored when mean, variance or cov fix it)' },
    { name: 'mean', kind: 'number[]', doc: 'mean μ (default 0)' },
    { name: 'variance', kind: 'number[]', min: 0, minExclusive: true, doc: 'diagonal covariance σ²ᵢ (default 1); exclusive with cov' },
    { name: 'cov', kind: 'matrix', doc: 'full symmetric positive-definite covariance Σ (d×d); exclusive with variance' },
  ],
  create(o) {
    const mean = o.mean as number[] | undefined, variance = o.variance as number[] | undefined, cov = o.cov as number[][] | undefined;
    if (variance && cov) throw new ConfigError('problem.cov', 'both variance and cov given; accepted: one of them');
    const d = mean?.length ?? variance?.length ?? cov?.length ?? (o.dim as number);
    const sizes: Array<[string, number | undefined]> = [['mean', mean?.length], ['variance', variance?.length], ['cov', cov?.length]];
    for (const [name, n] of sizes) {
      if (n !== undefined && n !== d) throw new ConfigError(`problem.${name}`, `has length ${n} but the dimension is ${d}; all of mean, variance, cov must agree`);
    }
    if (cov && cov.some((r) => r.length !== d)) throw new ConfigError('problem.cov', `must be ${d}×${d}`);
    const mu = Float64Array.from(mean ?? new Array(d).fill(0));
    // Precision matrix P = Σ⁻¹ (full) or its diagonal; cholesky raises NotPositiveDefiniteError for a bad Σ.
    let P: Float64Array;
    let diag: Float64Array | null = null;
    if (cov) {
      const S = fromRows(cov);
      cholesky(S);
      P = Float64Array.from(toRows(solveSPD(S, identity(d))).flat());
    } else {
      diag = Float64Array.from(variance ?? new Array(d).fill(1), (v) => 1 / v);
      P = new Float64Array(d * d);
      for (let i = 0; i < d; i++) P[i * d + i] = diag[i]!;
    }
    const r = new Float64Array(d);
    const energyAt = (xs: Float64Array, off: number): number => {
      for (let i = 0; i < d; i++) r[i] = xs[off + i]! - mu[i]!;
      let e = 0;
      if (diag) { for (let i = 0; i < d; i++) e += diag[i]! * r[i]! * r[i]!; return 0.5 * e; }
      for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j < d; j++) s += P[i * d + j]! * r[j]!; e += r[i]! * s; }
      return 0.5 * e;
    };
    const gradAt = (xs: Float64Array, off: number, out: Float64Array, o2: number): void => {
      if (diag) { for (let i = 0; i < d; i++) out[o2 + i] = diag[i]! * (xs[off + i]! - mu[i]!); return; }
      for (let i = 0; i < d; i++) r[i] = xs[off + i]! - mu[i]!;
      for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j < d; j++) s += P[i * d + j]! * r[j]!; out[o2 + i] = s; }
    };
    const sd = cov ? cov.map((row, i) => Math.sqrt(row[i]!)) : Array.from(diag!, (p) => 1 / Math.sqrt(p));
    return potentialProblem({
      id: 'gaussian', dim: d,
      energy: (x) => energyAt(x, 0),
      grad: (x, out) => gradAt(x, 0, out, 0),
      batch: {
        energy(xs, n, out) { for (let p = 0; p < n; p++) out[p] = energyAt(xs, p * d); },
        grad(xs, n, out) {
          if (d === 1) { const a = diag ? diag[0]! : P[0]!, m = mu[0]!; for (let p = 0; p < n; p++) out[p] = a * (xs[p]! - m); return; }
          for (let p = 0; p < n; p++) gradAt(xs, p * d, out, p * d);
        },
      },
      start: Array.from(mu),
      box: Array.from(mu, (m, i) => [m - 10 * sd[i]!, m + 10 * sd[i]!] as [number, number]),
      minima: [{ theta: Array.from(mu), loss: 0, global: true }],
    });
  },
};
