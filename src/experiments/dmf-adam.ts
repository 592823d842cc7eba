/**
 * Experiment dmf-adam: the same deep matrix completion as dmf-completion, trained by GD (group-rms: one global
 * step size, direction −∇L, as Arora et al. 2019) and by per-coordinate Adam (torch.optim.Adam, which their main.py
 * also offers). Speed (steps to train MSE ≤ 1e-6) and the solution found: reconstruction error, nuclear norm,
 * effective rank, and how far apart the two completions are. The reference's claim about Adam is unverified
 * (anchors-science.md §1.6 [?]), so the checks only require both rules to fit the observations; the comparison
 * is reported, not asserted.
 */
import { line, panels, plot, type Chart } from '../plot/index.ts';
import { checkThat, type Check, type Experiment, type Report } from './types.ts';
import { jobProblem, runDmfJobs, type DmfJob, type DmfJobResult } from './dmf-train.ts';

export interface DmfAdamConfig {
  size: number; rank: number; seed: number;
  observations: number[]; depths: number[]; initScale: number;
  rules: { id: string; hyper: Record<string, unknown> }[];
  maxSteps: number; trainThreshold: number; logEvery: number; workers: number;
}

export function dmfAdamConfig({ quick, seed }: { quick: boolean; seed: number }): DmfAdamConfig {
  const rules = [{ id: 'group-rms', hyper: { lr: 3e-3 } }, { id: 'adam', hyper: { lr: 1e-3 } }];
  if (quick) return { size: 30, rank: 2, seed, observations: [250, 400], depths: [2, 3], initScale: 1e-4, rules, maxSteps: 60000, trainThreshold: 1e-6, logEvery: 20, workers: 2 };
  return { size: 100, rank: 5, seed, observations: [2000], depths: [2, 3], initScale: 1e-5, rules, maxSteps: 40000, trainThreshold: 1e-6, logEvery: 50, workers: 2 };
}

export function adamJobs(cfg: DmfAdamConfig): DmfJob[] {
  const jobs: DmfJob[] = [];
  for (const o of cfg.observations) for (const d of cfg.depths) for (const rule of cfg.rules) {
    jobs.push({
      label: `${rule.id}, depth ${d}, ${o} obs`,
      problem: { id: 'matrix-completion', size: cfg.size, rank: cfg.rank, observations: o, depth: d, init: 'gaussian', initScale: cfg.initScale },
      // The same data seed as dmf-completion, so the two experiments complete the same matrices.
      dataSeed: cfg.seed * 1000 + o, initSeed: cfg.seed, rule,
      train: { maxSteps: cfg.maxSteps, trainThreshold: cfg.trainThreshold, logEvery: cfg.logEvery },
    });
  }
  return jobs;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toExponential(3) : String(x));

export async function runDmfAdam(cfg: DmfAdamConfig, ctx: { progress(m: string, f?: number): void }): Promise<Report> {
  const jobs = adamJobs(cfg);
  ctx.progress(`${jobs.length} runs on ${cfg.workers} worker(s)`, 0);
  const results = await runDmfJobs(jobs, cfg.workers, (done, total, r) => ctx.progress(`${r.label}: ${r.steps} steps, test error ${fmt(r.final.testError)}`, done / total));
  const checks: Check[] = [];
  const comparisons: Record<string, unknown>[] = [];
  for (const o of cfg.observations) for (const d of cfg.depths) {
    const [a, b] = cfg.rules.map((rule) => results.find((r) => r.job.rule.id === rule.id && r.job.problem.observations === o && r.job.problem.depth === d)!);
    if (!a || !b) continue;
    const p = jobProblem(a.job);
    const Wa = p.product(a.theta), Wb = p.product(b.theta);
    let diff = 0, norm = 0;
    for (let i = 0; i < Wa.length; i++) { diff += (Wa[i]! - Wb[i]!) ** 2; norm += p.truth![i]! ** 2; }
    comparisons.push({
      observations: o, depth: d, [`${a.job.rule.id}Steps`]: a.steps, [`${b.job.rule.id}Steps`]: b.steps, stepRatio: b.steps / a.steps,
      [`${a.job.rule.id}TestError`]: a.final.testError, [`${b.job.rule.id}TestError`]: b.final.testError,
      [`${a.job.rule.id}EffectiveRank`]: a.final.effectiveRank, [`${b.job.rule.id}EffectiveRank`]: b.final.effectiveRank,
      relativeDistance: Math.sqrt(diff / norm),
    });
  }
  const bad = results.filter((r) => !r.converged);
  checks.push(checkThat('every run fits the observations (train MSE ≤ threshold)', 'all', bad.length === 0 ? 'all' : bad.map((r) => r.label).join('; '), bad.length === 0));
  const nonFinite = results.filter((r) => !Number.isFinite(r.final.testError));
  checks.push(checkThat('every run reports a finite reconstruction error', 'all', nonFinite.length === 0 ? 'all' : nonFinite.map((r) => r.label).join('; '), nonFinite.length === 0));

  const rows = results.map((r) => ({
    rule: r.job.rule.id, depth: r.job.problem.depth, observations: r.job.problem.observations, steps: r.steps, converged: r.converged,
    ms: r.ms, testError: r.final.testError, nuclearNorm: r.final.nuclearNorm, effectiveRank: r.final.effectiveRank, balancedness: r.final.balancedness,
  }));
  const table = [
    '| rule | depth | obs | steps | wall ms | test error | ‖W‖_* | erank | balancedness |', '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.rule} | ${r.depth} | ${r.observations} | ${r.steps}${r.converged ? '' : ' (cap)'} | ${r.ms.toFixed(0)} | ${fmt(r.testError)} | ${r.nuclearNorm.toFixed(3)} | ${r.effectiveRank.toFixed(3)} | ${fmt(r.balancedness)} |`),
    '', '| obs | depth | ‖W_adam − W_gd‖_F/‖W*‖_F |', '|---|---|---|',
    ...comparisons.map((c) => `| ${c.observations} | ${c.depth} | ${fmt(c.relativeDistance as number)} |`),
  ];
  const summary = [
    `${cfg.size}×${cfg.size} rank ${cfg.rank}, gaussian init ${cfg.initScale}, rules ${cfg.rules.map((r) => `${r.id} ${JSON.stringify(r.hyper)}`).join(' vs ')}, stop at train MSE ≤ ${cfg.trainThreshold}. Wall times are informational (shared machine).`,
    '', ...table,
  ].join('\n');
  return {
    name: 'dmf-adam', config: cfg, results: { runs: rows, comparisons }, checks,
    figures: [{ name: 'adam-vs-gd', caption: 'Train loss and reconstruction error along training, group-rms GD (solid) vs Adam (dashed), per depth and observation count', svg: curves(cfg, results).svg }],
    summary,
  };
}

function curves(cfg: DmfAdamConfig, results: DmfJobResult[]): Chart {
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
  const charts: Chart[] = [];
  for (const o of cfg.observations) {
    for (const key of ['trainLoss', 'testError'] as const) {
      const marks = results.filter((r) => r.job.problem.observations === o).map((r) => line({ x: r.log.step, y: r.log[key] }, {
        stroke: colors[cfg.depths.indexOf(r.job.problem.depth) % colors.length], ...(r.job.rule.id === cfg.rules[0]!.id ? {} : { dash: '5 3' }),
        label: `${r.job.rule.id}, depth ${r.job.problem.depth}`,
      }));
      charts.push(plot({ width: 420, height: 300, title: `${key === 'trainLoss' ? 'train loss' : 'reconstruction error'}, ${o} obs`, legend: 'inside', x: { label: 'step', type: 'log' }, y: { label: key === 'trainLoss' ? 'train MSE' : 'mean (W − W*)²', type: 'log' }, marks }));
    }
  }
  return panels(charts, { columns: 2, title: 'Adam vs GD on deep matrix completion' });
}

export const dmfAdam: Experiment<DmfAdamConfig> = {
  id: 'dmf-adam',
  summary: 'deep matrix completion with Adam vs GD (group-rms): steps to fit, reconstruction error, rank of the solution',
  config: dmfAdamConfig,
  run: runDmfAdam,
};
