/**
 * Kramers escape on the double well U = (x² − 1)² (anchors-science §3.5): overdamped Langevin (ULA, the registry's
 * double-well fast path) particles start at −1; a hop is counted when a particle reaches the other minimum (±1), so
 * the mean residence time is total time / hops (the censored-exponential MLE). Compared with (a) the exact mean
 * first-passage time of the diffusion, τ = (1/T)∫₋₁¹ e^{U(y)/T} ∫₋∞^y e^{−U(z)/T} dz dy (quadrature), within the
 * statistical error plus a stated O(h) discretisation allowance, and (b) Kramers' asymptotic 1/k,
 * k = (√(U''(±1)|U''(0)|)/2π)e^{−ΔU/T} = 0.9003163·e^{−1/T}, which is only right up to O(T/ΔU).
 */
import { createProblem } from '../problems/index.ts';
import { batchPotential } from '../problems/potentials/potential.ts';
import { createRng } from '../random/index.ts';
import { line, dot, plot } from '../plot/index.ts';
import { checkClose, checkThat, type Check, type Experiment, type Report } from './types.ts';

export interface KramersConfig {
  temperatures: number[];
  /** ULA step h. */
  h: number;
  particles: number;
  /** Simulated time per temperature, in units of Kramers' 1/k (so every T sees about as many hops). */
  horizonInRates: number;
  seed: number;
  /** Relative allowance for ULA's O(h) bias and the discrete detection of hits (stated in the report). */
  discretisationAllowance: number;
}

export const KRAMERS_PREFACTOR = Math.sqrt(8 * 4) / (2 * Math.PI);
export const kramersTime = (T: number, dU = 1): number => 1 / (KRAMERS_PREFACTOR * Math.exp(-dU / T));

/** Exact mean first-passage time −1 → +1 of dX = −U'dt + √(2T)dW: the nested integral by cumulative trapezoids on a fine grid from `lo`. */
export function exactMfpt(U: (x: number) => number, T: number, lo = -4, n = 200_000): number {
  const h = (1 - lo) / n;
  let inner = 0, outer = 0;
  let prevIn = Math.exp(-U(lo) / T);
  let prevOuter = 0;
  for (let i = 1; i <= n; i++) {
    const y = lo + i * h;
    const f = Math.exp(-U(y) / T);
    inner += 0.5 * h * (prevIn + f);
    prevIn = f;
    const g = y >= -1 ? Math.exp(U(y) / T) * inner : 0;
    if (y > -1) outer += 0.5 * h * (prevOuter + g);
    prevOuter = g;
  }
  return outer / T;
}

interface Row { T: number; hops: number; time: number; tau: number; se: number; exact: number; kramers: number }

export const kramers: Experiment<KramersConfig> = {
  id: 'kramers',
  summary: 'mean residence time on the double well vs the exact first-passage time and Kramers\' formula over temperatures',
  config: ({ quick, seed }) => quick
    ? { temperatures: [0.33, 0.5], h: 0.005, particles: 1000, horizonInRates: 3, seed, discretisationAllowance: 0.05 }
    : { temperatures: [0.2, 0.25, 0.33, 0.5], h: 0.002, particles: 2000, horizonInRates: 4, seed, discretisationAllowance: 0.03 },
  run(cfg, ctx) {
    const problem = createProblem({ id: 'double-well' }, createRng(cfg.seed));
    const grad = batchPotential(problem)!.grad;
    const U = (x: number) => (x * x - 1) ** 2;
    const rows: Row[] = [];
    const CH = 1000;
    for (const [ti, T] of cfg.temperatures.entries()) {
      const steps = Math.ceil((cfg.horizonInRates * kramersTime(T)) / cfg.h);
      const rng = createRng(cfg.seed).fork(`kramers/${T}`);
      const s = Math.sqrt(2 * cfg.h * T);
      let hops = 0;
      const g = new Float64Array(CH), z = new Float64Array(CH);
      for (let p0 = 0; p0 < cfg.particles; p0 += CH) {
        const cnt = Math.min(CH, cfg.particles - p0);
        const x = new Float64Array(cnt).fill(-1), side = new Int8Array(cnt).fill(-1);
        const gc = g.subarray(0, cnt), zc = z.subarray(0, cnt);
        for (let t = 0; t < steps; t++) {
          grad(x, cnt, gc);
          rng.fillNormal(zc, 0, s);
          for (let p = 0; p < cnt; p++) {
            const v = x[p]! - cfg.h * gc[p]! + zc[p]!;
            x[p] = v;
            if (side[p]! * v <= -1) { side[p] = -side[p]!; hops++; } // reached the other minimum
          }
        }
        ctx.progress(`T = ${T}: ${p0 + cnt}/${cfg.particles} particles`, (ti + (p0 + cnt) / cfg.particles) / cfg.temperatures.length);
      }
      const time = cfg.particles * steps * cfg.h;
      const tau = time / hops;
      rows.push({ T, hops, time, tau, se: tau / Math.sqrt(Math.max(hops, 1)), exact: exactMfpt(U, T), kramers: kramersTime(T) });
    }
    const checks: Check[] = [];
    for (const r of rows) {
      checks.push(checkClose(`T = ${r.T}: mean residence time vs exact first-passage time (4σ + ${cfg.discretisationAllowance * 100} % for h = ${cfg.h})`,
        r.exact, r.tau, 4 * r.se + cfg.discretisationAllowance * r.exact));
      // Kramers is asymptotic in T/ΔU: allow a relative error of T/ΔU (the size of the first correction) plus noise.
      checks.push(checkClose(`T = ${r.T}: τ·k_Kramers = 1 up to the O(T/ΔU) correction (tolerance T/ΔU)`, 1, r.tau / r.kramers, r.T + 4 * r.se / r.kramers));
    }
    const ratios = rows.map((r) => r.exact / r.kramers);
    checks.push(checkThat('exact τ/τ_Kramers → 1 as T → 0 (monotone in T)', 'decreasing towards 1 as T decreases', ratios.map((v) => v.toFixed(3)).join(', '),
      ratios.every((v, i) => i === 0 || v >= ratios[i - 1]! - 1e-9) && Math.abs(ratios[0]! - 1) < Math.abs(ratios.at(-1)! - 1)));
    const invT = rows.map((r) => 1 / r.T);
    const fig = plot({
      title: 'double well: mean residence time vs 1/T', x: { label: '1/T' }, y: { label: 'τ', type: 'log' },
      marks: [
        line({ x: invT, y: rows.map((r) => r.exact) }, { label: 'exact first-passage time' }),
        line({ x: invT, y: rows.map((r) => r.kramers) }, { label: 'Kramers 1/k', dash: '5 3' }),
        dot({ x: invT, y: rows.map((r) => r.tau) }, { label: `ULA h = ${cfg.h}` }),
      ],
    });
    const report: Report = {
      name: 'kramers',
      config: cfg,
      results: { rows },
      checks,
      figures: [{ name: 'residence-time', svg: fig.svg, caption: 'Mean residence time (ULA particles) vs the exact MFPT and Kramers\' asymptotic formula' }],
      summary: `Overdamped Langevin on U = (x² − 1)² with ${cfg.particles} particles per temperature (h = ${cfg.h}). `
        + 'A hop is a passage from one minimum to the other; τ = total time / hops. The exact mean first-passage time (quadrature) '
        + 'is the reference; Kramers\' 1/k = e^{1/T}/0.9003 is asymptotic, off by O(T/ΔU) (about 10–25 % at T = 0.25–0.5).',
    };
    return report;
  },
};
