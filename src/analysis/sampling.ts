/**
 * `learnscope sample` as a pure function: validates a sampling config (problem from the registry, rule
 * langevin|mala|baoab|sgld, lr, temperature, particles, steps, seed, schedule, workers), and turns an ensemble result
 * into the report — mean/cov of the final particles, marginal histograms, and for 1-D/2-D energies with a box the
 * exact Boltzmann law by quadrature with TV/KL distances and their finite-sample floors (anchors-science §3.6),
 * ESS of the traced chains (Geyer), MALA's acceptance rate. Running the ensemble (threads) and drawing the figures
 * are the CLI's job (src/cli/commands/sample.ts).
 */
import { ConfigError } from '../errors.ts';
import { createProblem, problemSpec } from '../problems/index.ts';
import { resolveParams } from '../problems/params.ts';
import { potentialBox } from '../problems/potentials/potential.ts';
import type { Problem } from '../problems/types.ts';
import { createRng } from '../random/index.ts';
import { ENSEMBLE_RULES, checkEnsembleConfig, type EnsembleConfig, type EnsembleResult } from '../dynamics/ensemble.ts';
import { createTemperatureSchedule } from '../dynamics/temperature.ts';
import { boltzmann1d, boltzmann2d } from './boltzmann.ts';
import { essGeyer, expectedKlFloor, expectedTvFloor, histogramCounts, klDivergence, ksTest, linspace, meanCov, totalVariation } from './mcmc.ts';

export const SAMPLE_KEYS = ['problem', 'rule', 'lr', 'temperature', 'particles', 'steps', 'seed', 'schedule', 'workers', 'friction',
  'b', 'gamma', 'init', 'initStd', 'bins', 'recordEvery', 'traces', 'box'] as const;

export interface SampleConfig extends EnsembleConfig {
  /** Histogram bins per axis (default 50 in 1-D, 30 in 2-D). */
  bins?: number;
  /** Integration box [[lo, hi], …] for the exact Boltzmann law (default the potential's box or surface window). */
  box?: Array<[number, number]>;
}

/** A user-module problem in a sample config: `problem: { module: ./file.mjs }` (loaded by the CLI, run in-thread). */
export const MODULE_ID = 'module';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validates a parsed config object; errors name the field path and what is accepted. */
export function validateSampleConfig(raw: unknown): SampleConfig {
  if (!isObject(raw)) throw new ConfigError('(file)', `expected a mapping with keys ${SAMPLE_KEYS.join(', ')}`);
  for (const k of Object.keys(raw)) if (!(SAMPLE_KEYS as readonly string[]).includes(k)) throw new ConfigError(k, `unknown key; accepted keys are ${SAMPLE_KEYS.join(', ')}`);
  let p = raw.problem;
  if (typeof p === 'string') p = { id: p };
  let problem: EnsembleConfig['problem'];
  if (isObject(p) && 'module' in p) {
    if (typeof p.module !== 'string' || Object.keys(p).length !== 1) throw new ConfigError('problem.module', `got ${JSON.stringify(p)}; expected { module: "./file.mjs" } alone`);
    problem = { id: MODULE_ID, module: p.module };
  } else {
    if (!isObject(p) || typeof p.id !== 'string') {
      throw new ConfigError('problem', `got ${JSON.stringify(raw.problem)}; expected { id, ...params } with a registry id (e.g. double-well, gaussian, muller-brown) or { module: "./file.mjs" }`);
    }
    const spec = problemSpec(p.id, 'problem.id');
    problem = { id: spec.id, ...resolveParams(spec.params, p, 'problem') };
  }
  const rule = raw.rule ?? 'langevin';
  if (typeof rule !== 'string' || !(ENSEMBLE_RULES as readonly string[]).includes(rule)) {
    throw new ConfigError('rule', `got ${JSON.stringify(rule)}; accepted: ${ENSEMBLE_RULES.join(', ')}`);
  }
  const num = (k: string, dflt?: number): number | undefined => {
    const v = raw[k];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(k, `got ${JSON.stringify(v)}; expected a finite number`);
    return v;
  };
  const seed = raw.seed ?? 0;
  if (typeof seed !== 'string' && !(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)) throw new ConfigError('seed', `got ${JSON.stringify(seed)}; expected an integer ≥ 0 or a string`);
  let schedule: Record<string, unknown> | undefined;
  if (raw.schedule !== undefined) {
    schedule = typeof raw.schedule === 'string' ? { id: raw.schedule } : raw.schedule as Record<string, unknown>;
    if (!isObject(schedule)) throw new ConfigError('schedule', 'expected { id, ... } (constant, logarithmic, geometric, linear, list)');
    createTemperatureSchedule(schedule, 'schedule');
  }
  if (raw.init !== undefined && !(Array.isArray(raw.init) && raw.init.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw new ConfigError('init', `got ${JSON.stringify(raw.init)}; expected an array of finite numbers (one per dimension)`);
  }
  const cfg: SampleConfig = {
    problem, rule: rule as EnsembleConfig['rule'], lr: num('lr', 1e-2)!, temperature: num('temperature', 1)!,
    particles: num('particles', 10_000)!, steps: num('steps', 1000)!, seed: seed as number | string,
    ...(schedule ? { schedule } : {}),
    ...(raw.workers !== undefined ? { workers: num('workers') } : {}),
    ...(raw.friction !== undefined ? { friction: num('friction') } : {}),
    ...(raw.b !== undefined ? { b: num('b') } : {}),
    ...(raw.gamma !== undefined ? { gamma: num('gamma') } : {}),
    ...(raw.init !== undefined ? { init: raw.init as number[] } : {}),
    ...(raw.initStd !== undefined ? { initStd: num('initStd') } : {}),
    ...(raw.bins !== undefined ? { bins: num('bins') } : {}),
    ...(raw.recordEvery !== undefined ? { recordEvery: num('recordEvery') } : {}),
    ...(raw.traces !== undefined ? { traces: num('traces') } : {}),
  };
  if (raw.box !== undefined) {
    const ok = Array.isArray(raw.box) && raw.box.every((r) => Array.isArray(r) && r.length === 2 && r.every((v) => typeof v === 'number' && Number.isFinite(v)) && r[0] < r[1]);
    if (!ok) throw new ConfigError('box', `got ${JSON.stringify(raw.box)}; expected [[lo, hi], …] with finite lo < hi, one pair per dimension`);
    cfg.box = raw.box as Array<[number, number]>;
  }
  checkEnsembleConfig(cfg);
  if (cfg.bins !== undefined && !(Number.isInteger(cfg.bins) && cfg.bins >= 2)) throw new ConfigError('bins', `got ${cfg.bins}; expected an integer ≥ 2`);
  return cfg;
}

export interface SampleReport {
  config: SampleConfig;
  summary: { mean: number[]; cov: number[][] };
  histograms: Array<{ axis: number; edges: number[]; counts: number[]; outside: number }>;
  /** 2-D problems with a box: the joint histogram (row-major, x fastest), aligned with boltzmann.probabilities. */
  histogram2d: null | { xEdges: number[]; yEdges: number[]; counts: number[] };
  boltzmann: null | {
    box: Array<[number, number]>; temperature: number; Z: number; logZ: number; mean: number[]; cov: number[][];
    /** Bin probabilities of the exact law (1-D: per bin; 2-D: row-major, x fastest). */
    probabilities: number[];
    tv: number; tvFloor: number; kl: number; klFloor: number;
    /** Independent particles used for the floors. */
    nEff: number;
    ks: null | { statistic: number; pValue: number; n: number };
    note: string;
  };
  ess: { traces: number; steps: number; perTrace: number[]; total: number };
  acceptanceRate: number | null;
  energy: { steps: number[]; mean: number[] };
  temperature: number[];
  workers: number;
}

/** Energy of a 1-D/2-D problem as a scalar function (one scratch vector, no allocation per call). */
export function energyFns(problem: Problem): { U1: (x: number) => number; U2: (x: number, y: number) => number } {
  const th = new Float64Array(problem.dim);
  return {
    U1: (x) => { th[0] = x; return problem.loss(th); },
    U2: (x, y) => { th[0] = x; th[1] = y; return problem.loss(th); },
  };
}

export function sampleProblem(cfg: SampleConfig): Problem {
  return createProblem(cfg.problem, createRng(cfg.seed).fork('problem'));
}

export function sampleReport(cfg: SampleConfig, res: EnsembleResult, problem: Problem = sampleProblem(cfg)): SampleReport {
  const d = res.dim, n = res.particles;
  const summary = meanCov(res.x, d);
  const Tfinal = res.temperature.at(-1) ?? cfg.temperature;
  const box = cfg.box ?? potentialBox(problem);
  if (box && box.length !== d) throw new ConfigError('box', `has ${box.length} ranges; the problem has dimension ${d}`);
  const histograms: SampleReport['histograms'] = [];
  let histogram2d: SampleReport['histogram2d'] = null;
  let boltzmann: SampleReport['boltzmann'] = null;
  const { U1, U2 } = energyFns(problem);
  const note = 'floors assume the final particles are independent draws (n_eff = particles); a gap above the floor is sampler bias (ULA: O(h)) or incomplete mixing';
  if (d === 1 && box && Tfinal > 0) {
    const b = boltzmann1d(U1, Tfinal, box[0]!);
    // Bins span the central 1 − 2·10⁻⁴ of the exact law; the mass outside counts in TV.
    let lo = box[0]![0], hi = box[0]![1];
    for (const q of linspace(box[0]![0], box[0]![1], 4001)) { if (b.cdf(q) < 1e-4) lo = q; if (b.cdf(q) < 1 - 1e-4) hi = q; }
    const edges = linspace(lo, hi, (cfg.bins ?? 50) + 1);
    const { counts, outside } = histogramCounts(res.x, edges);
    const pi = b.binProbabilities(edges);
    const thin = Math.max(1, Math.floor(n / 5000));
    const ksSamples = Float64Array.from({ length: Math.floor(n / thin) }, (_, i) => res.x[i * thin]!);
    histograms.push({ axis: 0, edges, counts: Array.from(counts), outside });
    boltzmann = {
      box: [box[0]!], temperature: Tfinal, Z: b.Z, logZ: b.logZ, mean: [b.mean], cov: [[b.variance]], probabilities: Array.from(pi),
      tv: totalVariation(counts, pi, n), tvFloor: expectedTvFloor(pi, n), kl: klDivergence(counts, pi, n), klFloor: expectedKlFloor(pi, n),
      nEff: n, ks: ksTest(ksSamples, b.cdf), note,
    };
  } else if (d === 2 && box && Tfinal > 0) {
    const b = boltzmann2d(U2, Tfinal, [box[0]!, box[1]!], 400);
    const k = cfg.bins ?? 30;
    const xe = linspace(box[0]![0], box[0]![1], k + 1), ye = linspace(box[1]![0], box[1]![1], k + 1);
    for (const [axis, edges] of [[0, xe], [1, ye]] as const) {
      const h = histogramCounts(res.x, edges, 2, axis);
      histograms.push({ axis, edges, counts: Array.from(h.counts), outside: h.outside });
    }
    const counts = new Float64Array(k * k);
    for (let p = 0; p < n; p++) {
      const i = Math.floor(((res.x[2 * p]! - xe[0]!) / (xe[k]! - xe[0]!)) * k), j = Math.floor(((res.x[2 * p + 1]! - ye[0]!) / (ye[k]! - ye[0]!)) * k);
      if (i >= 0 && i < k && j >= 0 && j < k) counts[j * k + i]! += 1;
    }
    const pi = b.binProbabilities(xe, ye, 4);
    histogram2d = { xEdges: xe, yEdges: ye, counts: Array.from(counts) };
    boltzmann = {
      box: [box[0]!, box[1]!], temperature: Tfinal, Z: b.Z, logZ: b.logZ, mean: [...b.mean], cov: b.cov.map((r) => [...r]), probabilities: Array.from(pi),
      tv: totalVariation(counts, pi, n), tvFloor: expectedTvFloor(pi, n), kl: klDivergence(counts, pi, n), klFloor: expectedKlFloor(pi, n),
      nEff: n, ks: null, note,
    };
  } else {
    for (let axis = 0; axis < d; axis++) {
      let lo = Infinity, hi = -Infinity;
      for (let p = 0; p < n; p++) { const v = res.x[p * d + axis]!; if (v < lo) lo = v; if (v > hi) hi = v; }
      const edges = hi > lo ? linspace(lo, hi + 1e-12 * Math.max(1, Math.abs(hi)), (cfg.bins ?? 50) + 1) : [lo - 0.5, lo + 0.5];
      const h = histogramCounts(res.x, edges, d, axis);
      histograms.push({ axis, edges, counts: Array.from(h.counts), outside: h.outside });
    }
  }
  // ESS of each traced particle's first coordinate over the second half of the run (the first half is burn-in).
  const rows = cfg.steps + 1, half = Math.floor(rows / 2);
  const perTrace: number[] = [];
  if (rows - half >= 4) {
    for (let tr = 0; tr < res.traceCount; tr++) {
      const e = essGeyer(res.traces.subarray(tr * rows + half, (tr + 1) * rows));
      perTrace.push(Number.isFinite(e) ? e : 0);
    }
  }
  return {
    config: cfg, summary, histograms, histogram2d, boltzmann,
    ess: { traces: res.traceCount, steps: rows - half, perTrace, total: perTrace.reduce((a, b) => a + b, 0) },
    acceptanceRate: res.acceptanceRate,
    energy: { steps: res.recordSteps, mean: res.energy }, temperature: res.temperature, workers: res.workers,
  };
}
