/**
 * Experiment dmf-completion: the implicit bias of deep matrix factorisation vs nuclear-norm minimisation
 * (Arora, Cohen, Hu, Luo 2019, Figures 1–3; reference/anchors-science.md §1). On a rank-r n×n ground truth with
 * ‖W*‖_F = n, GD (group-rms: one global RMS-normalised step size) on depth-N factorisations from small init, to
 * train MSE ≤ 1e-6, against the minimum-nuclear-norm completion (ADMM with a duality-gap certificate):
 *   1. reconstruction error vs number of observations, depths 1–4 and the nuclear-norm baseline;
 *   2. reconstruction error, nuclear norm and effective rank vs init scale (two observation counts);
 *   3. top singular values along training (incremental learning).
 * The runs go over a worker-thread pool under Node. The data differ from the reference's (another RNG), so the
 * checks are the reference's orderings, with its numbers printed beside ours.
 */
import { line, panels, plot, ruleY, dot, type Chart } from '../plot/index.ts';
import { checkThat, type Check, type Experiment, type Report } from './types.ts';
import { jobProblem, loadJobRunner, type DmfJob, type DmfJobResult } from './dmf-train.ts';
import { completionConstraint, minNuclearNorm } from '../analysis/nuclear-norm.ts';
import { effectiveRank, spectrum } from '../analysis/spectral.ts';
import { meanSquaredError } from '../problems/matrix-completion.ts';

export interface DmfCompletionConfig {
  size: number;
  rank: number;
  seed: number;
  rule: { id: string; hyper: Record<string, unknown> };
  initScale: number;
  maxSteps: number;
  trainThreshold: number;
  logEvery: number;
  /** Figure 1 sweep. */
  observations: number[];
  depths: number[];
  /** Figure 2 sweep. */
  scaleSweep: { observations: number[]; depths: number[]; initScales: number[] };
  /** Observation counts of the acceptance checks: few (deep beats nuclear norm) and many (all recover). */
  few: number;
  many: number;
  /** Error at `many` below which a method counts as recovering W*. */
  recoverTol: number;
  nuclear: { tol: number; maxIter: number };
  workers: number;
}

/** The reference's printed numbers (anchors-science.md §1.8; roosephu/deep_matrix_factorization plot.ipynb). */
export const DMF_REFERENCE = {
  nuclearNormCvx: { 2000: 210.15163, 5000: 221.02568 },
  truthNuclearNorm: 221,
  minTestError2000: { 1: 0.8195478, 2: 0.0988251, 3: 0.0016707 },
  note: 'reference: 100×100 rank 5 (their data), cvxpy/SCS with |X − M| ≤ 1e-3; Figure 3 errors from identity-init SGD dynamics runs',
};

export function dmfCompletionConfig({ quick, seed }: { quick: boolean; seed: number }): DmfCompletionConfig {
  if (quick) {
    return {
      size: 30, rank: 2, seed, rule: { id: 'group-rms', hyper: { lr: 3e-3 } }, initScale: 1e-4,
      maxSteps: 60000, trainThreshold: 1e-6, logEvery: 20,
      observations: [150, 250, 400], depths: [1, 2, 3, 4],
      scaleSweep: { observations: [250], depths: [2, 3], initScales: [1e-2, 1e-3, 1e-4] },
      few: 250, many: 400, recoverTol: 1e-4, nuclear: { tol: 1e-6, maxIter: 20000 }, workers: 2,
    };
  }
  return {
    size: 100, rank: 5, seed, rule: { id: 'group-rms', hyper: { lr: 3e-3 } }, initScale: 1e-5,
    // Sized for 2 shared cores (~16 runs of up to 4·10⁴ steps); widen the sweeps on a bigger machine.
    maxSteps: 40000, trainThreshold: 1e-6, logEvery: 50,
    observations: [1000, 2000, 5000], depths: [1, 2, 3, 4],
    scaleSweep: { observations: [2000], depths: [2, 3], initScales: [1e-3, 1e-4, 1e-5] },
    few: 2000, many: 5000, recoverTol: 1e-4, nuclear: { tol: 1e-6, maxIter: 20000 }, workers: 2,
  };
}

/** The jobs of the two sweeps (deduplicated: a scale-sweep point equal to a Figure 1 point runs once). */
export function completionJobs(cfg: DmfCompletionConfig): DmfJob[] {
  const jobs = new Map<string, DmfJob>();
  const add = (observations: number, depth: number, initScale: number) => {
    const label = `depth ${depth}, ${observations} obs, init ${initScale}`;
    if (jobs.has(label)) return;
    jobs.set(label, {
      label,
      problem: { id: 'matrix-completion', size: cfg.size, rank: cfg.rank, observations, depth, init: 'gaussian', initScale },
      dataSeed: cfg.seed * 1000 + observations, initSeed: cfg.seed, rule: cfg.rule,
      train: { maxSteps: cfg.maxSteps, trainThreshold: cfg.trainThreshold, logEvery: cfg.logEvery },
    });
  };
  for (const o of cfg.observations) for (const d of cfg.depths) add(o, d, cfg.initScale);
  for (const o of cfg.scaleSweep.observations) for (const d of cfg.scaleSweep.depths) for (const s of cfg.scaleSweep.initScales) add(o, d, s);
  // Slowest first (deep, small init) so the pool's last jobs are short.
  return [...jobs.values()].sort((a, b) => b.problem.depth - a.problem.depth || a.problem.initScale! - b.problem.initScale!);
}

export interface NuclearRow {
  observations: number; nuclearNorm: number; truthNuclearNorm: number; testError: number; effectiveRank: number;
  relativeGap: number; gap: number; violationZ: number; iterations: number; converged: boolean; rank: number;
}

/** The nuclear-norm baseline on the same data as the runs with these observations. */
export function nuclearBaseline(cfg: DmfCompletionConfig, observations: number): NuclearRow {
  const p = jobProblem({ label: '', problem: { id: 'matrix-completion', size: cfg.size, rank: cfg.rank, observations, depth: 1 }, dataSeed: cfg.seed * 1000 + observations, initSeed: 0, rule: cfg.rule, train: { maxSteps: 0, trainThreshold: 0, logEvery: 1 } });
  const n = cfg.size, truth = p.truth!, obs = p.observed!;
  const res = minNuclearNorm(n, n, completionConstraint(obs.index, obs.values), cfg.nuclear);
  const s = spectrum(truth.slice(), n, n);
  return {
    observations, nuclearNorm: res.nuclearNorm, truthNuclearNorm: s.reduce((a, x) => a + x, 0), testError: meanSquaredError(res.X, truth),
    effectiveRank: effectiveRank(spectrum(res.X.slice(), n, n)), relativeGap: res.relativeGap, gap: res.gap, violationZ: res.violationZ,
    iterations: res.iterations, converged: res.converged, rank: res.rank,
  };
}

type Row = ReturnType<typeof rowOf>;
function rowOf(r: DmfJobResult) {
  return {
    depth: r.job.problem.depth, observations: r.job.problem.observations, initScale: r.job.problem.initScale!, steps: r.steps,
    converged: r.converged, trainLoss: r.final.trainLoss, testError: r.final.testError, minTestError: r.minTestError,
    nuclearNorm: r.final.nuclearNorm, effectiveRank: r.final.effectiveRank, schatten: r.final.schatten,
    balancedness: r.final.balancedness, top: r.final.top,
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toExponential(3) : String(x));

/** Step at which σ_k first reaches half its final value, k = 0…r−1 (incremental learning: increasing in k). */
export function halfTimes(r: DmfJobResult, rank: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const fin = r.final.top[k]!;
    const i = r.log.top.findIndex((t) => t[k]! >= fin / 2);
    out.push(i < 0 ? NaN : r.log.step[i]!);
  }
  return out;
}

export async function runDmfCompletion(cfg: DmfCompletionConfig, ctx: { progress(m: string, f?: number): void }): Promise<Report> {
  const jobs = completionJobs(cfg);
  const nnObs = [...new Set([...cfg.observations, ...cfg.scaleSweep.observations])].sort((a, b) => a - b);
  const total = jobs.length + nnObs.length;
  let finished = 0;
  ctx.progress(`${jobs.length} factorisation runs on ${cfg.workers} worker(s) + ${nnObs.length} nuclear-norm solves`, 0);
  // Start the pool before the (synchronous) nuclear-norm solves, so the workers run while this thread solves.
  const runner = await loadJobRunner(cfg.workers);
  const pending = runner(jobs, cfg.workers, (_d, _t, r) => {
    finished++;
    ctx.progress(`${r.label}: ${r.steps} steps, test error ${fmt(r.final.testError)}`, finished / total);
  });
  const nuclear: NuclearRow[] = [];
  for (const o of nnObs) {
    const row = nuclearBaseline(cfg, o);
    nuclear.push(row);
    finished++;
    ctx.progress(`nuclear norm, ${o} obs: ‖X‖_* = ${row.nuclearNorm.toFixed(3)}, test error ${fmt(row.testError)}, gap ${fmt(row.relativeGap)}`, finished / total);
  }
  const results = await pending;
  const rows = results.map(rowOf);
  const find = (o: number, d: number, s = cfg.initScale) => rows.find((r) => r.observations === o && r.depth === d && r.initScale === s);
  const findRun = (o: number, d: number, s = cfg.initScale) => results.find((r) => r.job.problem.observations === o && r.job.problem.depth === d && r.job.problem.initScale === s);
  const nn = (o: number) => nuclear.find((r) => r.observations === o)!;

  // ---- checks
  const checks: Check[] = [];
  const few = cfg.few, many = cfg.many;
  const d2 = find(few, 2), d3 = find(few, 3), nf = nn(few);
  if (d2 && d3) {
    checks.push(checkThat(`${few} obs: depth 3 error < depth 2 error`, `true (reference dynamics runs: ${DMF_REFERENCE.minTestError2000[3]} < ${DMF_REFERENCE.minTestError2000[2]})`,
      `${fmt(d3.testError)} < ${fmt(d2.testError)}: ${d3.testError < d2.testError}`, d3.testError < d2.testError));
    checks.push(checkThat(`${few} obs: depth 2 error < nuclear-norm error`, 'true (Arora et al. Fig. 1)',
      `${fmt(d2.testError)} < ${fmt(nf.testError)}: ${d2.testError < nf.testError}`, d2.testError < nf.testError));
    checks.push(checkThat(`${few} obs: effective rank depth 3 ≤ depth 2`, 'true', `${d3.effectiveRank.toFixed(3)} ≤ ${d2.effectiveRank.toFixed(3)}`, d3.effectiveRank <= d2.effectiveRank));
    checks.push(checkThat(`${few} obs: deep solutions' nuclear norm above the minimum's`, 'true (Arora et al. Fig. 2)',
      `depth 2: ${d2.nuclearNorm.toFixed(3)}, depth 3: ${d3.nuclearNorm.toFixed(3)} vs ${nf.nuclearNorm.toFixed(3)}`, d2.nuclearNorm > nf.nuclearNorm && d3.nuclearNorm > nf.nuclearNorm));
  }
  checks.push(checkThat(`${few} obs: min nuclear norm below the ground truth's`, `true (reference: ${DMF_REFERENCE.nuclearNormCvx[2000]} < ≈${DMF_REFERENCE.truthNuclearNorm})`,
    `${nf.nuclearNorm.toFixed(3)} < ${nf.truthNuclearNorm.toFixed(3)}`, nf.nuclearNorm < nf.truthNuclearNorm - 1e-6 * nf.truthNuclearNorm));
  const nm = nn(many);
  for (const d of cfg.depths.filter((x) => x >= 2)) {
    const r = find(many, d);
    if (r) checks.push(checkThat(`${many} obs: depth ${d} recovers (error ≤ ${cfg.recoverTol})`, `≤ ${cfg.recoverTol}`, fmt(r.testError), r.testError <= cfg.recoverTol, String(cfg.recoverTol)));
  }
  checks.push(checkThat(`${many} obs: nuclear norm recovers (error ≤ ${cfg.recoverTol})`, `≤ ${cfg.recoverTol}; ‖X‖_* = ‖W*‖_* (reference ${DMF_REFERENCE.nuclearNormCvx[5000]})`,
    `${fmt(nm.testError)}; ‖X‖_* = ${nm.nuclearNorm.toFixed(3)} vs ${nm.truthNuclearNorm.toFixed(3)}`, nm.testError <= cfg.recoverTol, String(cfg.recoverTol)));
  for (const r of nuclear) {
    checks.push(checkThat(`nuclear-norm certificate at ${r.observations} obs: relative duality gap ≤ ${cfg.nuclear.tol}`, `≤ ${cfg.nuclear.tol}`, fmt(r.relativeGap), r.relativeGap <= cfg.nuclear.tol, String(cfg.nuclear.tol)));
  }
  const scales = [...cfg.scaleSweep.initScales].sort((a, b) => b - a);
  const big = find(few, 3, scales[0]!), small = find(few, 3, scales.at(-1)!);
  if (big && small) {
    checks.push(checkThat(`${few} obs, depth 3: error at init ${scales.at(-1)} ≤ at init ${scales[0]}`, 'true (smaller init, stronger low-rank bias)',
      `${fmt(small.testError)} ≤ ${fmt(big.testError)}`, small.testError <= big.testError));
  }
  const traj = findRun(few, 3);
  if (traj) {
    const ht = halfTimes(traj, cfg.rank);
    const inc = ht.every((t, k) => k === 0 || t > ht[k - 1]!);
    checks.push(checkThat(`incremental learning (depth 3, ${few} obs): σ₁…σ_r reach half their final value one after another`, 'strictly increasing steps', ht.join(' < '), inc));
  }
  // Below `few` observations deep runs may overfit or stall (too few entries for rank r); they are reported only.
  const unconverged = rows.filter((r) => !r.converged && r.depth > 1 && r.observations >= few);
  checks.push(checkThat(`every depth ≥ 2 run with ≥ ${few} observations reached the train-loss threshold`, 'all', unconverged.length === 0 ? 'all' : unconverged.map((r) => `depth ${r.depth}/${r.observations}/${r.initScale}`).join(', '), unconverged.length === 0));

  // ---- figures
  const figures = [
    { name: 'error-vs-observations', caption: 'Reconstruction error (mean over all entries of (W − W*)²) vs number of observed entries: depths 1–4 (group-rms GD to train MSE ≤ 1e-6) and the minimum-nuclear-norm completion (Arora et al. Fig. 1)', svg: errorFigure(cfg, rows, nuclear).svg },
    { name: 'init-scale', caption: 'Reconstruction error, nuclear norm and effective rank vs init scale; the nuclear-norm minimum (dashed) and ‖W*‖_* (dotted) as lines (Arora et al. Fig. 2)', svg: scaleFigure(cfg, rows, nuclear).svg },
    { name: 'singular-values', caption: `Top singular values along training at ${few} observations: depth 1 learns all at once, deeper factorisations one at a time (incremental learning, Arora et al. Fig. 3)`, svg: trajectoryFigure(cfg, results).svg },
  ];

  const table = [
    '| depth | obs | init | steps | test error | ‖W‖_* | erank | balancedness |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.sort((a, b) => a.observations - b.observations || a.depth - b.depth || b.initScale - a.initScale)
      .map((r) => `| ${r.depth} | ${r.observations} | ${r.initScale} | ${r.steps}${r.converged ? '' : ' (cap)'} | ${fmt(r.testError)} | ${r.nuclearNorm.toFixed(3)} | ${r.effectiveRank.toFixed(3)} | ${fmt(r.balancedness)} |`),
    ...nuclear.map((r) => `| nuclear norm | ${r.observations} | – | ${r.iterations} ADMM | ${fmt(r.testError)} | ${r.nuclearNorm.toFixed(3)} | ${r.effectiveRank.toFixed(3)} | gap ${fmt(r.relativeGap)} |`),
  ];
  const summary = [
    `${cfg.size}×${cfg.size} rank ${cfg.rank} ground truth (‖W*‖_F = n), ${cfg.rule.id} ${JSON.stringify(cfg.rule.hyper)}, gaussian init ${cfg.initScale}, stop at train MSE ≤ ${cfg.trainThreshold}.`,
    `Reference (${DMF_REFERENCE.note}): min nuclear norm ${DMF_REFERENCE.nuclearNormCvx[2000]} (2000 obs) and ${DMF_REFERENCE.nuclearNormCvx[5000]} (5000 obs) vs ‖W*‖_* ≈ ${DMF_REFERENCE.truthNuclearNorm}; min test error at 2000 obs depth 1/2/3: ${DMF_REFERENCE.minTestError2000[1]} / ${DMF_REFERENCE.minTestError2000[2]} / ${DMF_REFERENCE.minTestError2000[3]}.`,
    `Here: min nuclear norm ${nuclear.map((r) => `${r.nuclearNorm.toFixed(3)} (${r.observations} obs)`).join(', ')} vs ‖W*‖_* = ${nf.truthNuclearNorm.toFixed(3)}.`,
    '', ...table,
  ].join('\n');
  return {
    name: 'dmf-completion', config: cfg,
    results: { runs: rows, nuclear, reference: DMF_REFERENCE, trajectories: trajectoryData(cfg, results) },
    checks, figures, summary,
  };
}

function trajectoryData(cfg: DmfCompletionConfig, results: DmfJobResult[]) {
  return results.filter((r) => r.job.problem.observations === cfg.few && r.job.problem.initScale === cfg.initScale)
    .map((r) => ({ depth: r.job.problem.depth, step: r.log.step, top: r.log.top, testError: r.log.testError }));
}

const DEPTH_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

function errorFigure(cfg: DmfCompletionConfig, rows: Row[], nuclear: NuclearRow[]): Chart {
  const marks = cfg.depths.map((d, i) => {
    const pts = cfg.observations.map((o) => [o, rows.find((r) => r.depth === d && r.observations === o && r.initScale === cfg.initScale)?.testError ?? NaN] as const);
    return [line(pts, { label: `depth ${d}`, stroke: DEPTH_COLORS[i] }), dot(pts, { fill: DEPTH_COLORS[i] } as never)];
  }).flat();
  const nnPts = cfg.observations.map((o) => [o, nuclear.find((r) => r.observations === o)?.testError ?? NaN] as const);
  marks.push(line(nnPts, { label: 'min nuclear norm', stroke: '#333333', dash: '5 3' }));
  return plot({ width: 620, height: 400, title: `Reconstruction error, ${cfg.size}×${cfg.size} rank ${cfg.rank}`, legend: 'right',
    x: { label: 'observed entries' }, y: { label: 'mean (W − W*)²', type: 'log' }, marks });
}

function scaleFigure(cfg: DmfCompletionConfig, rows: Row[], nuclear: NuclearRow[]): Chart {
  const charts: Chart[] = [];
  for (const o of cfg.scaleSweep.observations) {
    const nr = nuclear.find((r) => r.observations === o)!;
    const q = [
      { key: 'testError' as const, label: 'reconstruction error', log: true, nn: nr.testError },
      { key: 'nuclearNorm' as const, label: 'nuclear norm', log: false, nn: nr.nuclearNorm, truth: nr.truthNuclearNorm },
      { key: 'effectiveRank' as const, label: 'effective rank', log: false, nn: nr.effectiveRank },
    ];
    for (const c of q) {
      const marks = cfg.scaleSweep.depths.map((d, i) => line(cfg.scaleSweep.initScales.map((s) => [s, rows.find((r) => r.depth === d && r.observations === o && r.initScale === s)?.[c.key] ?? NaN] as const),
        { label: `depth ${d}`, stroke: DEPTH_COLORS[cfg.depths.indexOf(d) >= 0 ? cfg.depths.indexOf(d) : i] }));
      marks.push(ruleY(c.nn, { dash: '5 3', label: 'min nuclear norm' }));
      if (c.truth !== undefined) marks.push(ruleY(c.truth, { dash: '2 2', stroke: '#777777', label: '‖W*‖_*' }));
      charts.push(plot({ width: 360, height: 280, title: `${c.label}, ${o} obs`, legend: 'inside', x: { label: 'init scale', type: 'log' }, y: { label: c.label, ...(c.log ? { type: 'log' as const } : {}) }, marks }));
    }
  }
  return panels(charts, { columns: 3, title: 'Effect of the initialisation scale' });
}

function trajectoryFigure(cfg: DmfCompletionConfig, results: DmfJobResult[]): Chart {
  const runs = results.filter((r) => r.job.problem.observations === cfg.few && r.job.problem.initScale === cfg.initScale)
    .sort((a, b) => a.job.problem.depth - b.job.problem.depth);
  const charts = runs.map((r) => {
    const k = Math.min(10, r.final.top.length);
    const marks = Array.from({ length: k }, (_, j) => line({ x: r.log.step, y: r.log.top.map((t) => t[j] ?? NaN) }, { stroke: DEPTH_COLORS[j % DEPTH_COLORS.length], ...(j < 5 ? { label: `σ${j + 1}` } : {}) }));
    return plot({ width: 360, height: 280, title: `depth ${r.job.problem.depth}`, legend: 'inside', x: { label: 'step' }, y: { label: 'singular value' }, marks });
  });
  return panels(charts, { columns: Math.min(4, charts.length), title: `Top singular values, ${cfg.few} observations` });
}

export const dmfCompletion: Experiment<DmfCompletionConfig> = {
  id: 'dmf-completion',
  summary: 'deep matrix factorisation vs nuclear-norm minimisation: error vs observations, init scale, incremental learning (Arora et al. 2019)',
  config: dmfCompletionConfig,
  run: runDmfCompletion,
};
