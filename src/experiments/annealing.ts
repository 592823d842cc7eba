/**
 * Simulated annealing by Langevin dynamics with Hajek's logarithmic cooling T_k = c/log(k + 1) (anchors-science
 * §3.2; schedule from src/dynamics/temperature.ts) on the tilted double well (critical depth d* = 0.761865, start in
 * the local well at 0.967149) and on 2-D Rastrigin (d* computed here: the depth of the shallowest-escape local
 * minimum next to the origin; start (−2, 3.5)). Success = the particle ends in the global basin (x < barrier;
 * |xᵢ| < ½). A finite run cannot reach T = 0, so the yardstick for each c is the equilibrium (Boltzmann) probability
 * of the global basin at the final temperature, by quadrature: cooling with c above d* keeps up with it, a fast
 * quench (c well below d*) freezes particles in local minima far below it.
 */
import { createProblem } from '../problems/index.ts';
import { batchPotential } from '../problems/potentials/potential.ts';
import { tiltedCriticalPoints } from '../problems/potentials/tilted-double-well.ts';
import { createRng } from '../random/index.ts';
import { createTemperatureSchedule } from '../dynamics/temperature.ts';
import { boltzmann1d, boltzmann2d } from '../analysis/boltzmann.ts';
import { line, panels, plot } from '../plot/index.ts';
import { checkClose, checkThat, type Check, type Experiment } from './types.ts';

export interface AnnealingCase {
  problem: 'tilted-double-well' | 'rastrigin';
  /** Cooling constants as multiples of the critical depth d*. */
  cOverDstar: number[];
  h: number;
  steps: number;
  particles: number;
}

export interface AnnealingConfig { cases: AnnealingCase[]; seed: number }

/** Depth of the 1-D Rastrigin local minimum near x = 1: barrier toward 0 minus the minimum (the largest depth). */
export function rastriginDepth(A = 10): number {
  const f = (x: number) => x * x - A * Math.cos(2 * Math.PI * x) + A;
  const newton = (x: number) => {
    for (let i = 0; i < 100; i++) {
      const g = 2 * x + 2 * Math.PI * A * Math.sin(2 * Math.PI * x), H = 2 + 4 * Math.PI * Math.PI * A * Math.cos(2 * Math.PI * x);
      const dx = g / H; x -= dx; if (Math.abs(dx) < 1e-15) break;
    }
    return x;
  };
  return f(newton(0.5)) - f(newton(1));
}

interface Outcome { c: number; cOverDstar: number; finalT: number; success: number; se: number; equilibrium: number; hajekSum: number }

export const annealing: Experiment<AnnealingConfig> = {
  id: 'annealing',
  summary: 'Langevin annealing with c/log(k+1) cooling on the tilted double well and Rastrigin, c below/above the critical depth d*',
  config: ({ quick, seed }) => ({
    seed,
    cases: [
      { problem: 'tilted-double-well', cOverDstar: [0.4, 1, 2.5], h: 0.02, steps: quick ? 40_000 : 200_000, particles: quick ? 300 : 2000 },
      { problem: 'rastrigin', cOverDstar: [0.1, 1, 2], h: 1e-3, steps: quick ? 30_000 : 200_000, particles: quick ? 100 : 400 },
    ],
  }),
  run(cfg, ctx) {
    const checks: Check[] = [];
    const results: Record<string, unknown> = {};
    const charts = [];
    for (const [ci, cs] of cfg.cases.entries()) {
      const problem = createProblem({ id: cs.problem }, createRng(cfg.seed));
      const batch = batchPotential(problem);
      const d = problem.dim;
      const tilted = cs.problem === 'tilted-double-well';
      const [, barrier] = tiltedCriticalPoints(0.25);
      const dStar = tilted ? (problem.loss(Float64Array.of(barrier!)) - problem.loss(Float64Array.from(problem.minima![1]!.theta))) : rastriginDepth();
      const start = tilted ? problem.minima![1]!.theta : [-2, 3.5];
      const inGlobal = (x: Float64Array, p: number) => (tilted ? x[p]! < barrier! : Math.abs(x[2 * p]!) < 0.5 && Math.abs(x[2 * p + 1]!) < 0.5);
      const U2 = (a: number, b: number) => problem.loss(Float64Array.of(a, b));
      const outcomes: Outcome[] = [];
      const temps: number[][] = [];
      for (const [k, mult] of cs.cOverDstar.entries()) {
        const c = mult * dStar;
        const sched = createTemperatureSchedule({ id: 'logarithmic', c });
        const rng = createRng(cfg.seed).fork(`annealing/${cs.problem}/${mult}`);
        const n = cs.particles * d;
        const x = new Float64Array(n);
        for (let p = 0; p < cs.particles; p++) for (let i = 0; i < d; i++) x[p * d + i] = start[i]!;
        const g = new Float64Array(n), z = new Float64Array(n), th = new Float64Array(d), gs = new Float64Array(d);
        let hajekSum = 0;
        const every = Math.max(1, Math.floor(cs.steps / 200));
        const tcurve: number[] = [];
        for (let t = 0; t < cs.steps; t++) {
          const T = sched(t, 0);
          hajekSum += Math.exp(-dStar / T);
          if (t % every === 0) tcurve.push(T);
          if (batch) batch.grad(x, cs.particles, g);
          else for (let p = 0; p < cs.particles; p++) { th.set(x.subarray(p * d, p * d + d)); g.set(problem.grad(th, undefined, gs), p * d); }
          rng.fillNormal(z, 0, Math.sqrt(2 * cs.h * T));
          for (let i = 0; i < n; i++) x[i] = x[i]! - cs.h * g[i]! + z[i]!;
          if (t % 10_000 === 0) ctx.progress(`${cs.problem} c = ${c.toFixed(3)}: step ${t}`, (ci + (k + t / cs.steps) / cs.cOverDstar.length) / cfg.cases.length);
        }
        temps.push(tcurve);
        let hits = 0;
        for (let p = 0; p < cs.particles; p++) if (inGlobal(x, p)) hits++;
        const success = hits / cs.particles;
        const finalT = sched(cs.steps - 1, 0);
        const equilibrium = tilted
          ? boltzmann1d((v) => problem.loss(Float64Array.of(v)), finalT, [-4, 4]).cdf(barrier!)
          : boltzmann2d(U2, finalT, [[-5.12, 5.12], [-5.12, 5.12]], 600).binProbabilities([-0.5, 0.5], [-0.5, 0.5], 64)[0]!;
        outcomes.push({ c, cOverDstar: mult, finalT, success, se: Math.sqrt(Math.max(success * (1 - success), 1 / cs.particles) / cs.particles), equilibrium, hajekSum });
      }
      results[cs.problem] = { dStar, start, h: cs.h, steps: cs.steps, particles: cs.particles, outcomes };
      const hi = outcomes.at(-1)!, lo = outcomes[0]!;
      checks.push(checkClose(`${cs.problem}: c = ${hi.cOverDstar}·d* keeps up with equilibrium: success ≈ P_eq(final T) (tolerance 4σ + 0.05)`,
        hi.equilibrium, hi.success, 4 * hi.se + 0.05));
      checks.push(checkThat(`${cs.problem}: fast quench c = ${lo.cOverDstar}·d* freezes out of equilibrium (success ≤ P_eq − 0.3)`,
        `≤ ${(lo.equilibrium - 0.3).toFixed(3)}`, lo.success.toFixed(3), lo.success <= lo.equilibrium - 0.3, 'P_eq − 0.3'));
      checks.push(checkThat(`${cs.problem}: success fraction increases from c < d* to c > d*`, 'increasing',
        outcomes.map((o) => o.success.toFixed(3)).join(' < '), lo.success + 4 * lo.se < hi.success, '4σ'));
      const cs0 = cs;
      charts.push(plot({
        title: `${cs0.problem}: temperature c/log(k+1)`, x: { label: 'step' }, y: { label: 'T', type: 'log' }, width: 460, height: 320,
        marks: temps.map((tc, k) => line({ x: tc.map((_, i) => i * Math.max(1, Math.floor(cs0.steps / 200))), y: tc }, { label: `c = ${outcomes[k]!.cOverDstar}·d*` })),
      }));
      charts.push(plot({
        title: `${cs0.problem}: success vs c/d*`, x: { label: 'c / d*' }, y: { label: 'fraction in global basin', domain: [0, 1] }, width: 460, height: 320,
        marks: [
          line({ x: outcomes.map((o) => o.cOverDstar), y: outcomes.map((o) => o.success) }, { label: 'annealed Langevin' }),
          line({ x: outcomes.map((o) => o.cOverDstar), y: outcomes.map((o) => o.equilibrium) }, { label: 'Boltzmann at final T', dash: '5 3' }),
        ],
      }));
    }
    const fig = panels(charts, { columns: 2 });
    return {
      name: 'annealing', config: cfg, results, checks,
      figures: [{ name: 'annealing', svg: fig.svg, caption: 'Cooling schedules and success fractions vs the equilibrium probability of the global basin at the final temperature' }],
      summary: 'Overdamped Langevin with T_k = c/log(k + 1). Hajek (1988): the global minima are reached with probability → 1 iff '
        + 'c ≥ d* (tilted double well: d* = 0.761865). A finite run ends at T = c/log(steps + 1) > 0, so each c is compared with the '
        + 'Boltzmann probability of the global basin at its final temperature: slow cooling tracks it, a fast quench freezes.',
    };
  },
};
