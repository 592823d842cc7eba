/**
 * empirical-fisher-pathology: Kunstner, Balles & Hennig (NeurIPS 2019), "Limitations of the empirical Fisher".
 * (1) Their 1-D starting-point example: loss (θ − 0.5)²/2 and (θ + 0.5)²/2 averaged, i.e. a unit-variance Gaussian
 * likelihood with x = 1, y = ±0.5: ∇L = θ, F = 1, EF = θ² + 0.25. With lr 0.5 NGD halves θ every step; EF's step
 * 0.5·θ/(θ² + 0.25) depends on the residual scale, not the curvature: tiny far away, θ → ≈ −θ near the optimum.
 * Compared against the exact trajectories of anchors-science §4.2.
 * (2) Their Fig. 3 protocol on problems we can ship: 100 iterations from θ = 0 over an lr × damping grid for NGD
 * and EF (an lr grid for GD), runs aborted as diverged when the loss exceeds 100× its initial value, the best run =
 * lowest final loss; plus the cosine between the NGD and EF directions along the best EF run. Their data sets
 * (BreastCancer, Boston, a1a) are not shipped, so the grid runs on the 10-point ill-scaled logistic set (§4.5) and a
 * seeded ill-conditioned linear-Gaussian regression.
 */
import type { Problem } from '../problems/types.ts';
import { createProblem } from '../problems/index.ts';
import { gaussianFamily } from '../problems/predictive.ts';
import { linearPredictive, problemFromPredictive } from '../problems/predictive-models.ts';
import { createRng } from '../random/index.ts';
import { createRule } from '../rules/index.ts';
import { run } from '../dynamics/runner.ts';
import { fisherDense, predictiveOf } from '../geometry/fisher.ts';
import { solveSPD, matrix } from '../linalg/index.ts';
import { heatmap, line, panels, plot } from '../plot/index.ts';
import { checkClose, checkThat, type Check, type Experiment, type Report } from './types.ts';

export interface EfPathologyConfig {
  starts: number[];
  oneDSteps: number;
  /** log10 lr grid [lo, hi, points per decade]; damping grid likewise. */
  lrGrid: [number, number, number];
  dampingGrid: [number, number, number];
  gridSteps: number;
  seed: number;
}

/** Kunstner et al.'s 1-D problem: mean over y = ±0.5 of ½(θ − y)² (a unit-variance Gaussian likelihood, x = 1). */
export function kunstnerOneD(): Problem {
  const pred = linearPredictive({ X: Float64Array.of(1, 1), Y: Float64Array.of(0.5, -0.5), n: 2, d: 1, family: gaussianFamily(1, 1), bias: false });
  return problemFromPredictive('kunstner-1d', pred, () => Float64Array.of(1), { minima: [{ theta: [0], loss: 0.125, global: true }] });
}

/** An ill-conditioned linear-Gaussian regression: features of scales 1, 10, 0.1, 3, 0.3 (seeded teacher, noise 1). */
function illRegression(seed: number): Problem {
  const n = 60, scales = [1, 10, 0.1, 3, 0.3], d = scales.length, rng = createRng(seed).fork('ef-regression');
  const X = rng.fork('x').fillNormal(new Float64Array(n * d)), w = rng.fork('w').fillNormal(new Float64Array(d)), e = rng.fork('e').fillNormal(new Float64Array(n));
  const Y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) { X[i * d + j] = X[i * d + j]! * scales[j]!; s += X[i * d + j]! * w[j]!; }
    Y[i] = s + e[i]!;
  }
  const p = problemFromPredictive('ill-conditioned-regression', linearPredictive({ X, Y, n, d, family: gaussianFamily(1, 1), bias: false }), () => new Float64Array(d));
  // exact minimiser from the normal equations, for the loss gap
  const F = fisherDense(p.predictive!, new Float64Array(d)), g0 = p.grad(new Float64Array(d));
  const wStar = solveSPD(matrix(d, d, F), g0).map((v) => -v);
  return { ...p, minima: [{ theta: Array.from(wStar), loss: p.loss(wStar), global: true }] };
}

function logGrid([lo, hi, perDecade]: [number, number, number]): number[] {
  const n = Math.round((hi - lo) * perDecade);
  return Array.from({ length: n + 1 }, (_, i) => 10 ** (lo + i / perDecade));
}

/** Final loss of a 100-step run, Infinity when it diverged (loss > 100× initial or non-finite). */
function finalLoss(p: Problem, rule: string, hyper: Record<string, unknown>, steps: number, seed: number): { final: number; loss: Float64Array } {
  const t = run({ problem: p, rule: createRule(rule, hyper), steps, seed, init: new Float64Array(p.dim), record: ['loss'] });
  const l = t.loss!.slice(0, t.completed + 1), limit = 100 * l[0]!;
  const bad = t.diverged || l.some((v) => !Number.isFinite(v) || v > limit);
  return { final: bad ? Infinity : l[l.length - 1]!, loss: l };
}

export const empiricalFisherPathology: Experiment<EfPathologyConfig> = {
  id: 'empirical-fisher-pathology',
  summary: "Kunstner et al.'s empirical-Fisher pathologies: the 1-D example and the lr × damping grid (NGD vs EF vs GD)",
  config: ({ quick, seed }) => ({
    starts: [0.5, 1, 2, 4], oneDSteps: 10,
    lrGrid: quick ? [-4, 1, 1] : [-6, 1, 3], dampingGrid: quick ? [-8, 2, 0.5] : [-10, 2, 1], gridSteps: 100, seed,
  }),
  run(cfg, ctx): Report {
    const checks: Check[] = [], results: Record<string, unknown> = {};
    // ---- (1) the 1-D example
    const p1 = kunstnerOneD();
    const oneD: Record<string, { ngd: number[]; ef: number[] }> = {};
    for (const t0 of cfg.starts) {
      const traj = (hyper: Record<string, unknown>) =>
        Array.from(run({ problem: p1, rule: createRule('natural-gradient', hyper), steps: cfg.oneDSteps, seed: cfg.seed, init: [t0], record: ['loss'] }).loss!);
      oneD[String(t0)] = { ngd: traj({ lr: 0.5, damping: 0 }), ef: traj({ lr: 0.5, damping: 0, fisher: 'empirical' }) };
    }
    results.oneD = oneD;
    const ref: [number, number[]][] = [[1, [0.625, 0.305, 0.1309, 0.1299, 0.1292]], [2, [2.125, 1.6821, 1.2536, 0.8484, 0.4849, 0.2094, 0.1282]]];
    for (const [t0, vals] of ref) {
      const ef = oneD[String(t0)]?.ef;
      if (!ef) continue;
      vals.forEach((v, k) => checks.push(checkClose(`1-D, θ₀ = ${t0}: EF loss after ${k} steps (reference ${v})`, v, ef[k]!, 5e-5)));
    }
    if (oneD['0.5']) checks.push(checkClose('1-D, θ₀ = 0.5: EF reaches the optimum in one step (0.25 → 0.125)', 0.125, oneD['0.5'].ef[1]!, 1e-15));
    if (oneD['4']) checks.push(checkClose('1-D, θ₀ = 4: EF loss after 10 steps (reference 3.3445)', 3.3445, oneD['4'].ef[10]!, 5e-5));
    if (oneD['1']) {
      [0.625, 0.25, 0.15625, 0.1328125].forEach((v, k) => checks.push(checkClose(`1-D, θ₀ = 1: NGD loss after ${k} steps (θ halves; reference ${v})`, v, oneD['1']!.ngd[k]!, 1e-15)));
    }
    // ---- (2) the lr × damping grid
    const lrs = logGrid(cfg.lrGrid), dampings = logGrid(cfg.dampingGrid);
    const problems = [
      { key: 'logistic-10', label: 'logistic, 10-point ill-scaled set', p: createProblem({ id: 'logistic-regression', dataset: 'kunstner' }, createRng(cfg.seed)) },
      { key: 'ill-regression', label: 'linear-Gaussian regression, feature scales 0.1…10', p: illRegression(cfg.seed) },
    ];
    const figures: Report['figures'] = [];
    const total = problems.length * (lrs.length * (2 * dampings.length + 1));
    let done = 0;
    for (const { key, label, p } of problems) {
      const lstar = p.minima![0]!.loss;
      const best: Record<string, { final: number; lr: number; damping: number | null; loss: Float64Array }> = {};
      const grids: Record<string, Float64Array> = {}, curves: Record<string, Float64Array[]> = { ngd: [], ef: [], gd: [] };
      for (const method of ['ngd', 'ef', 'gd'] as const) {
        const ds = method === 'gd' ? [null] : dampings, grid = new Float64Array(lrs.length * ds.length);
        ds.forEach((damping, j) => lrs.forEach((lr, i) => {
          const hyper = method === 'gd' ? { lr } : { lr, damping, fisher: method === 'ef' ? 'empirical' : 'true', solver: 'exact' };
          const r = finalLoss(p, method === 'gd' ? 'gd' : 'natural-gradient', hyper, cfg.gridSteps, cfg.seed);
          grid[j * lrs.length + i] = r.final - lstar;
          if (Number.isFinite(r.final)) curves[method]!.push(r.loss);
          if (!best[method] || r.final < best[method].final) best[method] = { final: r.final, lr, damping, loss: r.loss };
          done++;
        }));
        grids[method] = grid;
        ctx.progress(`${key}: ${method}`, done / total);
      }
      // cosine between the NGD and EF directions along the best EF run
      const bef = best.ef!, tr = run({ problem: p, rule: createRule('natural-gradient', { lr: bef.lr, damping: bef.damping, fisher: 'empirical' }), steps: cfg.gridSteps, seed: cfg.seed, init: new Float64Array(p.dim), record: ['theta'] });
      const cosines: number[] = [], pred = predictiveOf(p, 'ef-pathology'), D = p.dim, lam = bef.damping ?? 0;
      for (let k = 0; k <= tr.completed; k++) {
        const th = tr.theta!.slice(k * D, (k + 1) * D), g = p.grad(th);
        const dir = (kind: 'true' | 'empirical') => { const F = fisherDense(pred, th, { kind }); for (let i = 0; i < D; i++) F[i * D + i] = F[i * D + i]! + lam; return solveSPD(matrix(D, D, F), g); };
        const a = dir('true'), b = dir('empirical');
        let ab = 0, aa = 0, bb = 0;
        for (let i = 0; i < D; i++) { ab += a[i]! * b[i]!; aa += a[i]! ** 2; bb += b[i]! ** 2; }
        cosines.push(ab / Math.sqrt(aa * bb));
      }
      const gapOf = (m: string) => best[m]!.final - lstar;
      results[key] = {
        lossStar: lstar,
        best: Object.fromEntries(Object.entries(best).map(([m, b]) => [m, { finalGap: b.final - lstar, lr: b.lr, damping: b.damping }])),
        cosineNgdEfAlongEf: { min: Math.min(...cosines), median: cosines.slice().sort((x, y) => x - y)[cosines.length >> 1] },
      };
      // ties at rounding level are broken by speed: the fewest iterations to a gap ≤ 1e-8 over the grid
      const tol = 1e-12 * (1 + Math.abs(lstar));
      const fastest = (m: string) => {
        let k = Infinity;
        for (const c of curves[m]!) { const i = c.findIndex((v) => v - lstar <= 1e-8); if (i >= 0 && i < k) k = i; }
        return k;
      };
      const it = { ngd: fastest('ngd'), ef: fastest('ef'), gd: fastest('gd') };
      (results[key] as Record<string, unknown>).fewestIterationsToGap1e8 = it;
      checks.push(checkThat(`${key}: best NGD final loss gap ≤ best EF and best GD (Kunstner Fig. 3; ties within ${tol.toExponential(0)})`, 'NGD ≤ EF and NGD ≤ GD',
        `NGD ${gapOf('ngd').toExponential(2)}, EF ${gapOf('ef').toExponential(2)}, GD ${gapOf('gd').toExponential(2)}`, gapOf('ngd') <= gapOf('ef') + tol && gapOf('ngd') <= gapOf('gd') + tol));
      checks.push(checkThat(`${key}: the best NGD run reaches a gap ≤ 1e-8 in fewer iterations than the best EF and GD runs`, 'NGD < EF and NGD < GD',
        `NGD ${it.ngd}, EF ${it.ef}, GD ${it.gd}`, it.ngd < it.ef && it.ngd < it.gd));
      // One colour scale for both grids, so equal colours mean equal gaps across the two panels.
      const shared = [...grids.ngd!, ...grids.ef!].filter(Number.isFinite).map((v) => Math.max(v, 1e-16));
      const domain: [number, number] = [Math.min(...shared), Math.max(...shared)];
      const heat = (m: 'ngd' | 'ef', title: string) => {
        const vals = Array.from(grids[m]!, (v) => (Number.isFinite(v) ? Math.max(v, 1e-16) : NaN));
        const lo = Math.log10(lrs[0]!), hi = Math.log10(lrs.at(-1)!), dlo = Math.log10(dampings[0]!), dhi = Math.log10(dampings.at(-1)!);
        const hx = (hi - lo) / (2 * Math.max(1, lrs.length - 1)), hy = (dhi - dlo) / (2 * Math.max(1, dampings.length - 1));
        return plot({ width: 430, height: 330, title, x: { label: 'log₁₀ lr' }, y: { label: 'log₁₀ damping' },
          marks: [heatmap({ nx: lrs.length, ny: dampings.length, values: vals }, { x: [lo - hx, hi + hx], y: [dlo - hy, dhi + hy], log: true, domain, label: 'final loss gap' })] });
      };
      const colors: Record<string, string> = { ngd: '#1f77b4', ef: '#2ca02c', gd: '#d62728' };
      figures.push({
        name: `grid-${key}`,
        caption: `${label}: final loss gap after ${cfg.gridSteps} iterations over the lr × damping grid (one colour scale for both; blank = diverged), the best runs, and cos(NGD direction, EF direction) along the best EF run`,
        svg: panels([
          heat('ngd', 'NGD'), heat('ef', 'empirical Fisher'),
          plot({ width: 430, height: 330, title: 'best run of each method', legend: 'right', x: { label: 'iteration' }, y: { label: 'L − L*', type: 'log' },
            marks: (['ngd', 'ef', 'gd'] as const).map((m) => line({ x: Array.from(best[m]!.loss, (_, k) => k), y: best[m]!.loss.map((v) => Math.max(v - lstar, 1e-16)) }, { label: m.toUpperCase(), stroke: colors[m] })) }),
          plot({ width: 430, height: 330, title: 'cos(NGD, EF) along the EF run', x: { label: 'iteration' }, y: { label: 'cosine' }, marks: [line(cosines)] }),
        ], { columns: 2 }).svg,
      });
    }
    const steps = (n: number) => Array.from({ length: n }, (_, k) => k);
    figures.unshift({
      name: 'one-d',
      caption: "Kunstner et al.'s 1-D example, lr 0.5: loss per iteration for NGD (θ halves) and EF from θ₀ ∈ {" + cfg.starts.join(', ') + '}',
      svg: plot({ width: 600, height: 360, title: '1-D: NGD (solid) vs empirical Fisher (dashed)', legend: 'right', x: { label: 'iteration' }, y: { label: 'L(θ) − 0.125', type: 'log' },
        marks: cfg.starts.flatMap((t0, i) => {
          const c = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'][i % 5]!, o = oneD[String(t0)]!;
          return [line({ x: steps(o.ngd.length), y: o.ngd.map((v) => Math.max(v - 0.125, 1e-17)) }, { stroke: c, label: `θ₀ = ${t0}` }),
            line({ x: steps(o.ef.length), y: o.ef.map((v) => Math.max(v - 0.125, 1e-17)) }, { stroke: c, dash: '5 4' })];
        }) }).svg,
    });
    const summary = 'The 1-D example reproduces the reference EF trajectories (tiny steps far from the optimum, θ → ≈ −θ near it) while NGD halves θ each step. ' +
      'On the lr × damping grids the best NGD run reaches a lower loss than the best EF and GD runs, and the EF direction is poorly aligned with the NGD direction along the EF trajectory (see results).';
    return { name: 'empirical-fisher-pathology', config: cfg, results, checks, figures, summary };
  },
};
