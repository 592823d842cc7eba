/**
 * The exact Boltzmann law π_T(x) = e^{−U(x)/T}/Z_T of a 1-D or 2-D energy on a box, by numerical quadrature
 * (composite Simpson; anchors-science §3.5–3.6): Z (and log Z), moments, the CDF (1-D, for Kolmogorov–Smirnov) and
 * the probability of each histogram bin (for TV/KL distances of sampled histograms). Energies are shifted by their
 * grid minimum before exponentiating, so low temperatures do not underflow; log Z adds the shift back.
 */
import { InvalidArgumentError } from '../errors.ts';

export type Energy1 = (x: number) => number;
export type Energy2 = (x: number, y: number) => number;

function checkBox(lo: number, hi: number, what: string): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new InvalidArgumentError(`${what}: box [${lo}, ${hi}] must be finite with lo < hi`);
}
function checkT(T: number, what: string): void {
  if (!(T > 0 && Number.isFinite(T))) throw new InvalidArgumentError(`${what}: temperature ${T}; the Boltzmann density needs a finite T > 0`);
}
/** Simpson weights (1, 4, 2, …, 4, 1)·h/3 for n (even) intervals. */
function simpsonWeight(i: number, n: number, h: number): number {
  return (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * h / 3;
}

export interface Boltzmann1D {
  T: number;
  box: [number, number];
  /** ∫_box e^{−U/T} dx and its log. */
  Z: number;
  logZ: number;
  mean: number;
  variance: number;
  /** E[f(x)] under π_T. */
  expect(f: (x: number) => number): number;
  /** P(X ≤ x) (0 below the box, 1 above). */
  cdf(x: number): number;
  /** π(x) = e^{−U(x)/T}/Z. */
  density(x: number): number;
  /** Probability of each bin [edges[k], edges[k+1]). */
  binProbabilities(edges: ArrayLike<number>): Float64Array;
}

/** Quadrature of e^{−U/T} on [lo, hi] with `n` Simpson intervals (default 20 000; error ~ n⁻⁴). */
export function boltzmann1d(U: Energy1, T: number, box: [number, number], n = 20_000): Boltzmann1D {
  const [lo, hi] = box;
  checkBox(lo, hi, 'boltzmann1d'); checkT(T, 'boltzmann1d');
  if (n % 2 === 1) n += 1;
  const h = (hi - lo) / n;
  const u = new Float64Array(n + 1);
  let umin = Infinity;
  for (let i = 0; i <= n; i++) { u[i] = U(lo + i * h); if (u[i]! < umin) umin = u[i]!; }
  if (!Number.isFinite(umin)) throw new InvalidArgumentError('boltzmann1d: the energy has no finite value on the box');
  const w = Float64Array.from(u, (v) => Math.exp(-(v - umin) / T));
  const integ = (f: (x: number) => number) => { let s = 0; for (let i = 0; i <= n; i++) s += simpsonWeight(i, n, h) * w[i]! * f(lo + i * h); return s; };
  const z0 = integ(() => 1);
  // Cumulative integral at every grid point: Simpson on each pair of intervals, the midpoint by the pair's quadratic.
  const cum = new Float64Array(n + 1);
  for (let i = 0; i + 2 <= n; i += 2) {
    const a = w[i]!, b = w[i + 1]!, c = w[i + 2]!;
    cum[i + 1] = cum[i]! + h * (5 * a + 8 * b - c) / 12;
    cum[i + 2] = cum[i]! + h * (a + 4 * b + c) / 3;
  }
  const total = cum[n]!;
  const cdf = (x: number): number => {
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const t = (x - lo) / h, i = Math.min(n - 1, Math.floor(t)), f = t - i;
    // Linear interpolation of the cumulative between grid points (grid spacing ≪ the law's scale).
    return (cum[i]! + f * (cum[i + 1]! - cum[i]!)) / total;
  };
  const expect = (f: (x: number) => number) => integ(f) / z0;
  const mean = expect((x) => x);
  return {
    T, box: [lo, hi], Z: z0 * Math.exp(-umin / T), logZ: Math.log(z0) - umin / T,
    mean, variance: expect((x) => (x - mean) * (x - mean)),
    expect, cdf,
    density: (x) => (x < lo || x > hi ? 0 : Math.exp(-(U(x) - umin) / T) / z0),
    binProbabilities(edges) {
      const out = new Float64Array(edges.length - 1);
      for (let k = 0; k + 1 < edges.length; k++) out[k] = cdf(edges[k + 1]!) - cdf(edges[k]!);
      return out;
    },
  };
}

export interface Boltzmann2D {
  T: number;
  box: [[number, number], [number, number]];
  Z: number;
  logZ: number;
  mean: [number, number];
  cov: [[number, number], [number, number]];
  density(x: number, y: number): number;
  /** Probabilities of the kx × ky bins (row-major, x fastest) of the given edges, `sub` Simpson intervals per side. */
  binProbabilities(xEdges: ArrayLike<number>, yEdges: ArrayLike<number>, sub?: number): Float64Array;
}

/** Tensor Simpson on an n × n grid of the box (default 600); bins integrate `sub` Simpson intervals per side. */
export function boltzmann2d(U: Energy2, T: number, box: [[number, number], [number, number]], n = 600): Boltzmann2D {
  const [[x0, x1], [y0, y1]] = box;
  checkBox(x0, x1, 'boltzmann2d (x)'); checkBox(y0, y1, 'boltzmann2d (y)'); checkT(T, 'boltzmann2d');
  if (n % 2 === 1) n += 1;
  const hx = (x1 - x0) / n, hy = (y1 - y0) / n;
  let umin = Infinity;
  const u = new Float64Array((n + 1) * (n + 1));
  for (let j = 0; j <= n; j++) for (let i = 0; i <= n; i++) {
    const v = U(x0 + i * hx, y0 + j * hy); u[j * (n + 1) + i] = v; if (v < umin) umin = v;
  }
  if (!Number.isFinite(umin)) throw new InvalidArgumentError('boltzmann2d: the energy has no finite value on the box');
  let z = 0, mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0;
  for (let j = 0; j <= n; j++) for (let i = 0; i <= n; i++) {
    const x = x0 + i * hx, y = y0 + j * hy;
    const w = simpsonWeight(i, n, hx) * simpsonWeight(j, n, hy) * Math.exp(-(u[j * (n + 1) + i]! - umin) / T);
    z += w; mx += w * x; my += w * y; sxx += w * x * x; sxy += w * x * y; syy += w * y * y;
  }
  mx /= z; my /= z;
  const cxx = sxx / z - mx * mx, cxy = sxy / z - mx * my, cyy = syy / z - my * my;
  return {
    T, box, Z: z * Math.exp(-umin / T), logZ: Math.log(z) - umin / T,
    mean: [mx, my], cov: [[cxx, cxy], [cxy, cyy]],
    density: (x, y) => Math.exp(-(U(x, y) - umin) / T) / z,
    binProbabilities(xe, ye, sub = 8) {
      const kx = xe.length - 1, ky = ye.length - 1;
      const out = new Float64Array(kx * ky);
      for (let b = 0; b < ky; b++) for (let a = 0; a < kx; a++) {
        const ax = xe[a]!, bx = xe[a + 1]!, ay = ye[b]!, by = ye[b + 1]!;
        const sx = (bx - ax) / sub, sy = (by - ay) / sub;
        let s = 0;
        for (let j = 0; j <= sub; j++) for (let i = 0; i <= sub; i++) {
          s += simpsonWeight(i, sub, sx) * simpsonWeight(j, sub, sy) * Math.exp(-(U(ax + i * sx, ay + j * sy) - umin) / T);
        }
        out[b * kx + a] = s / z;
      }
      return out;
    },
  };
}
