/**
 * Sampler diagnostics (anchors-science §3.6): histogram total variation and KL to exact bin probabilities, each with
 * its expected finite-sample floor for n_eff independent draws (E[TV] ≈ Σ√(πᵢ(1 − πᵢ)/(2π·n)), E[KL] ≈ (K − 1)/(2n)),
 * effective sample size with Geyer's initial monotone sequence (Geyer 1992; as in Stan/ArviZ, without the split and
 * rank normalisation), and the Kolmogorov–Smirnov statistic with its asymptotic p-value.
 */
import { InvalidArgumentError } from '../errors.ts';

/** Counts of `values` (entries `offset + k·stride`) in the bins of `edges`; values outside go to `outside`. */
export function histogramCounts(values: ArrayLike<number>, edges: ArrayLike<number>, stride = 1, offset = 0): { counts: Float64Array; outside: number } {
  const K = edges.length - 1;
  if (K < 1) throw new InvalidArgumentError('histogramCounts: need at least 2 edges');
  const lo = edges[0]!, hi = edges[K]!;
  const counts = new Float64Array(K);
  let outside = 0;
  // Equal-width edges are the common case: direct index, then a local fix-up for rounding at bin boundaries.
  const w = (hi - lo) / K;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i]!;
    if (!(v >= lo && v < hi)) { outside++; continue; }
    let k = Math.min(K - 1, Math.floor((v - lo) / w));
    while (k > 0 && v < edges[k]!) k--;
    while (k < K - 1 && v >= edges[k + 1]!) k++;
    counts[k]! += 1;
  }
  return { counts, outside };
}

export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** ½Σ|p̂ᵢ − πᵢ| with p̂ = counts/n (n includes samples outside the bins, whose mass counts against π's). */
export function totalVariation(counts: ArrayLike<number>, pi: ArrayLike<number>, n: number): number {
  let s = 0, pin = 0, phin = 0;
  for (let i = 0; i < pi.length; i++) { s += Math.abs(counts[i]! / n - pi[i]!); pin += pi[i]!; phin += counts[i]! / n; }
  return 0.5 * (s + Math.abs((1 - phin) - (1 - pin)));
}

/** Expected TV of a histogram of n independent draws from π: Σ √(πᵢ(1 − πᵢ)/(2π·n)). */
export function expectedTvFloor(pi: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < pi.length; i++) s += Math.sqrt(Math.max(0, pi[i]! * (1 - pi[i]!)) / (2 * Math.PI * n));
  return s;
}

/** KL(p̂‖π) = Σ p̂ᵢ log(p̂ᵢ/πᵢ) over non-empty bins (Infinity if a non-empty bin has πᵢ = 0). */
export function klDivergence(counts: ArrayLike<number>, pi: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < pi.length; i++) {
    const p = counts[i]! / n;
    if (p > 0) s += pi[i]! > 0 ? p * Math.log(p / pi[i]!) : Infinity;
  }
  return s;
}

/** Expected KL(p̂‖π) of n independent draws over the K bins with positive probability: (K − 1)/(2n). */
export function expectedKlFloor(pi: ArrayLike<number>, n: number): number {
  let K = 0;
  for (let i = 0; i < pi.length; i++) if (pi[i]! > 0) K++;
  return (K - 1) / (2 * n);
}

/**
 * Effective sample size n/τ of one chain, τ = −1 + 2Σ_m Γ_m with Γ_m = ρ_{2m} + ρ_{2m+1} summed while positive and
 * forced non-increasing (Geyer's initial monotone sequence). τ is floored at 1/log10(n) as in Stan (antithetic
 * chains); NaN for a constant chain.
 */
export function essGeyer(chain: ArrayLike<number>): number {
  const n = chain.length;
  if (n < 4) throw new InvalidArgumentError(`essGeyer: chain of length ${n}; need at least 4 draws`);
  let mean = 0; for (let i = 0; i < n; i++) mean += chain[i]!; mean /= n;
  const c = Float64Array.from(chain as ArrayLike<number>, (v) => v - mean);
  let c0 = 0; for (let i = 0; i < n; i++) c0 += c[i]! * c[i]!;
  c0 /= n;
  if (!(c0 > 0)) return NaN;
  const rho = (k: number) => { let s = 0; for (let i = 0; i + k < n; i++) s += c[i]! * c[i + k]!; return s / n / c0; };
  let tau = -1, prev = Infinity;
  for (let m = 0; 2 * m + 1 < n; m++) {
    let g = rho(2 * m) + rho(2 * m + 1);
    if (!(g > 0)) break;
    if (g > prev) g = prev;
    tau += 2 * g;
    prev = g;
  }
  return n / Math.max(tau, 1 / Math.log10(Math.max(n, 10)));
}

/** KS statistic sup|F̂ − F| of the samples against a CDF, and the asymptotic p-value (Stephens' small-n correction). */
export function ksTest(samples: ArrayLike<number>, cdf: (x: number) => number): { statistic: number; pValue: number; n: number } {
  const x = Float64Array.from(samples as ArrayLike<number>).sort();
  const n = x.length;
  if (n < 1) throw new InvalidArgumentError('ksTest: no samples');
  let D = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(x[i]!);
    D = Math.max(D, (i + 1) / n - F, F - i / n);
  }
  const lam = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * D;
  let p = 0;
  for (let j = 1; j <= 100; j++) p += 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lam * lam);
  return { statistic: D, pValue: Math.min(1, Math.max(0, lam < 0.2 ? 1 : p)), n };
}

/** Mean vector and covariance matrix (divisor n − 1) of particle-major samples (n × d). */
export function meanCov(x: ArrayLike<number>, d: number): { mean: number[]; cov: number[][] } {
  const n = Math.floor(x.length / d);
  const mean = new Array<number>(d).fill(0);
  for (let p = 0; p < n; p++) for (let i = 0; i < d; i++) mean[i] += x[p * d + i]!;
  for (let i = 0; i < d; i++) mean[i] /= n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let p = 0; p < n; p++) for (let i = 0; i < d; i++) {
    const a = x[p * d + i]! - mean[i]!;
    for (let j = 0; j <= i; j++) cov[i]![j] += a * (x[p * d + j]! - mean[j]!);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) { cov[i]![j] /= Math.max(1, n - 1); cov[j]![i] = cov[i]![j]!; }
  return { mean, cov };
}
