/**
 * Particle ensembles for the Langevin samplers (rules langevin/mala/baoab/sgld, same equations as their single-chain
 * files in src/rules/): P independent particles in dimension d as one particle-major Float64Array
 * (x[p·d + i]). Particles never interact, so the state is cut into blocks and each block is advanced through all
 * steps chunk by chunk (a chunk of CHUNK particles stays in L1 cache for every step: no per-step pass over memory).
 * Potentials with closed-form batch loops (`hooks.batch`, src/problems/potentials/) take the fast path; any other
 * problem goes through `problem.grad` per particle (a scratch vector, no allocation per particle). Energies are the
 * problem's full-data loss (rule sgld here is ULA with the Welling–Teh step ε_t/2 on U = L, without minibatches).
 *
 * Reproducibility: block b of B draws from `createRng(seed).fork('ensemble/B/b')`, with B = `workers` (default 1),
 * so results are identical for the same seed and worker count — whether the blocks run in this thread
 * (`runEnsemble`) or on worker threads (`runEnsembleParallel` in ensemble-workers-node.ts) — and differ when the
 * worker count changes. The math core: no `node:` imports here.
 */
import { ConfigError, InvalidArgumentError, ResourceError } from '../errors.ts';
import { createProblem } from '../problems/index.ts';
import { batchPotential, type BatchPotential } from '../problems/potentials/potential.ts';
import type { Problem } from '../problems/types.ts';
import { createRng } from '../random/index.ts';
import type { Rng } from '../random/types.ts';
import { sgldStep } from '../rules/sgld.ts';
import { createTemperatureSchedule } from './temperature.ts';

export const ENSEMBLE_RULES = ['langevin', 'mala', 'baoab', 'sgld'] as const;
export type EnsembleRule = (typeof ENSEMBLE_RULES)[number];

export interface EnsembleConfig {
  /** Problem config from the registry ({ id, ...params }), so worker threads can rebuild it. */
  problem: { id: string } & Record<string, unknown>;
  rule: EnsembleRule;
  /** Step h (sgld: the a of ε_t = a(b + t)^−γ). */
  lr: number;
  /** Base temperature T₀ (schedules may change it per step). */
  temperature: number;
  particles: number;
  steps: number;
  seed: number | string;
  /** BAOAB friction γ (default 1). */
  friction?: number;
  /** SGLD's b and γ (defaults 1, 0.55). */
  b?: number;
  gamma?: number;
  /** Temperature schedule { id, ... } (src/dynamics/temperature.ts); default constant. */
  schedule?: Record<string, unknown>;
  /** Start point of every particle (default the problem's `init`), plus optional N(0, initStd²) jitter. */
  init?: number[];
  initStd?: number;
  /** Number of blocks (= worker threads in the parallel runner); part of the RNG keys. Default 1. */
  workers?: number;
  /** Mean energy is recorded every `recordEvery` steps (default ⌈steps/200⌉). */
  recordEvery?: number;
  /** Full trajectories (every step) of the first coordinate of the first `traces` particles (default 4). */
  traces?: number;
}

export interface EnsembleResult {
  dim: number;
  particles: number;
  /** Final particles, particle-major (particles × dim). */
  x: Float64Array;
  /** Steps of the recorded rows (0, e, 2e, …, steps). */
  recordSteps: number[];
  /** Mean energy over particles at the recorded steps. */
  energy: number[];
  /** Temperature used by step t (t = 0 … steps−1), at the recorded steps. */
  temperature: number[];
  /** MALA: accepted / proposed over all particles and steps; null for the other rules. */
  acceptanceRate: number | null;
  /** traces × (steps + 1) first coordinates. */
  traces: Float64Array;
  traceCount: number;
  workers: number;
}

/** Particles per chunk: 4096·d doubles per buffer (x, ∇U, noise, …) stay in L2 across all steps. */
const CHUNK = 4096;

/** Per-step coefficients shared by all blocks (precomputed once: schedules are pure functions of t). */
export interface StepPlan {
  rule: EnsembleRule;
  steps: number;
  /** Drift step per t (ULA/MALA/BAOAB: h; SGLD: ε_t/2). */
  h: Float64Array;
  /** Noise std per t (ULA/SGLD: √(2hT); BAOAB: √((1 − c²)T)); MALA uses T. */
  s: Float64Array;
  T: Float64Array;
  /** BAOAB: c = e^{−γh}. */
  c: Float64Array;
  recordEvery: number;
}

export function stepPlan(cfg: EnsembleConfig): StepPlan {
  const { steps } = cfg;
  const sched = cfg.schedule ? createTemperatureSchedule(cfg.schedule, 'schedule') : (_t: number, T: number) => T;
  const h = new Float64Array(steps), s = new Float64Array(steps), T = new Float64Array(steps), c = new Float64Array(steps);
  const friction = cfg.friction ?? 1, b = cfg.b ?? 1, gamma = cfg.gamma ?? 0.55;
  for (let t = 0; t < steps; t++) {
    const Tt = sched(t, cfg.temperature);
    if (!(Tt >= 0) || !Number.isFinite(Tt)) throw new ConfigError('schedule', `gives temperature ${Tt} at step ${t}; expected a finite T ≥ 0`);
    T[t] = Tt;
    if (cfg.rule === 'sgld') {
      const eps = sgldStep(cfg.lr, b, gamma, t);
      h[t] = eps / 2; s[t] = Math.sqrt(eps * Tt);
    } else if (cfg.rule === 'baoab') {
      h[t] = cfg.lr; c[t] = Math.exp(-friction * cfg.lr); s[t] = Math.sqrt((1 - c[t]! * c[t]!) * Tt);
    } else {
      h[t] = cfg.lr; s[t] = Math.sqrt(2 * cfg.lr * Tt);
    }
  }
  if (cfg.rule === 'mala' && T.some((v) => v <= 0)) throw new ConfigError('temperature', 'MALA needs T > 0 at every step');
  const recordEvery = cfg.recordEvery ?? Math.max(1, Math.ceil(steps / 200));
  return { rule: cfg.rule, steps, h, s, T, c, recordEvery };
}

/** Validates the config; throws ConfigError naming the field and what is accepted. */
export function checkEnsembleConfig(cfg: EnsembleConfig): void {
  if (!ENSEMBLE_RULES.includes(cfg.rule)) throw new ConfigError('rule', `got ${JSON.stringify(cfg.rule)}; accepted: ${ENSEMBLE_RULES.join(', ')}`);
  const posInt = (name: string, v: unknown, min: number) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ConfigError(name, `got ${JSON.stringify(v)}; expected an integer ≥ ${min}`);
  };
  posInt('particles', cfg.particles, 1);
  posInt('steps', cfg.steps, 0);
  if (cfg.workers !== undefined) posInt('workers', cfg.workers, 1);
  if (cfg.recordEvery !== undefined) posInt('recordEvery', cfg.recordEvery, 1);
  if (cfg.traces !== undefined) posInt('traces', cfg.traces, 0);
  if (!(typeof cfg.lr === 'number' && cfg.lr > 0 && Number.isFinite(cfg.lr))) throw new ConfigError('lr', `got ${JSON.stringify(cfg.lr)}; expected a finite step > 0`);
  if (!(typeof cfg.temperature === 'number' && cfg.temperature >= 0 && Number.isFinite(cfg.temperature))) {
    throw new ConfigError('temperature', `got ${JSON.stringify(cfg.temperature)}; expected a finite T ≥ 0`);
  }
  if (cfg.initStd !== undefined && !(cfg.initStd >= 0)) throw new ConfigError('initStd', `got ${cfg.initStd}; expected ≥ 0`);
  if ((cfg.workers ?? 1) > cfg.particles) throw new ConfigError('workers', `${cfg.workers} workers for ${cfg.particles} particles; expected workers ≤ particles`);
}

/** Accumulators one block fills; merged by `mergeBlocks`. */
export interface BlockOutput {
  energySum: Float64Array;
  accepted: number;
  proposed: number;
  /** Traces of the block's particles with global index < traceCount: (rows) per particle, concatenated. */
  traces: Float64Array;
  traceFirst: number;
  traceCount: number;
}

/** Particle range [start, end) of block b of B. */
export function blockRange(particles: number, blocks: number, b: number): [number, number] {
  return [Math.floor((particles * b) / blocks), Math.floor((particles * (b + 1)) / blocks)];
}

export function blockRng(seed: number | string, blocks: number, b: number): Rng {
  return createRng(seed).fork(`ensemble/${blocks}/${b}`);
}

/** Initial state of particles [start, end): the start point plus jitter drawn from the block's own stream. */
export function initBlock(problem: Problem, cfg: EnsembleConfig, x: Float64Array, rng: Rng): void {
  const d = problem.dim;
  const start = cfg.init ?? Array.from(problem.init(createRng(cfg.seed).fork('init')));
  if (start.length !== d) throw new ConfigError('init', `has length ${start.length}; problem ${problem.id} has dimension ${d}`);
  const n = x.length / d;
  for (let p = 0; p < n; p++) for (let i = 0; i < d; i++) x[p * d + i] = start[i]!;
  const sd = cfg.initStd ?? 0;
  if (sd > 0) { const z = rng.fillNormal(new Float64Array(x.length), 0, sd); for (let k = 0; k < x.length; k++) x[k] = x[k]! + z[k]!; }
}

/** Energy and gradient over a chunk: the closed-form loops when present, else per particle via the Problem. */
function chunkOps(problem: Problem): BatchPotential {
  const fast = batchPotential(problem);
  if (fast) return fast;
  const d = problem.dim, th = new Float64Array(d), g = new Float64Array(d);
  return {
    energy(xs, n, out) { for (let p = 0; p < n; p++) { for (let i = 0; i < d; i++) th[i] = xs[p * d + i]!; out[p] = problem.loss(th); } },
    grad(xs, n, out) {
      for (let p = 0; p < n; p++) {
        for (let i = 0; i < d; i++) th[i] = xs[p * d + i]!;
        const r = problem.grad(th, undefined, g);
        for (let i = 0; i < d; i++) out[p * d + i] = r[i]!;
      }
    },
  };
}

/**
 * Advances the particles in `x` (a block: particles × d, already initialised) through all steps of `plan`.
 * `firstIndex` is the global index of the block's first particle (for traces).
 */
export function runBlock(problem: Problem, plan: StepPlan, x: Float64Array, rng: Rng, firstIndex: number, traceCount: number): BlockOutput {
  const d = problem.dim, n = x.length / d, { steps, h, s, T, c, recordEvery, rule } = plan;
  const rows = Math.floor(steps / recordEvery) + 1;
  const energySum = new Float64Array(rows);
  const ops = chunkOps(problem);
  // This block traces its first nTrace particles (global indices firstIndex … firstIndex + nTrace − 1).
  const nTrace = Math.min(Math.max(traceCount - firstIndex, 0), n);
  const traces = new Float64Array(nTrace * (steps + 1));
  const m = CHUNK * d;
  const g = new Float64Array(m), z = new Float64Array(m), e = new Float64Array(CHUNK);
  // MALA / BAOAB extras: proposal, its gradient and energy, momentum.
  const y = rule === 'mala' ? new Float64Array(m) : z, gy = rule === 'mala' ? new Float64Array(m) : z;
  const ey = rule === 'mala' ? new Float64Array(CHUNK) : e, v = rule === 'baoab' ? new Float64Array(m) : z;
  const u = new Float64Array(CHUNK);
  let accepted = 0, proposed = 0;
  for (let p0 = 0; p0 < n; p0 += CHUNK) {
    const cnt = Math.min(CHUNK, n - p0), len = cnt * d;
    const xc = x.subarray(p0 * d, p0 * d + len), zc = z.subarray(0, len);
    const tracing = p0 < nTrace;
    const record = (t: number) => {
      if (t % recordEvery === 0) {
        ops.energy(xc, cnt, e);
        let sum = 0; for (let p = 0; p < cnt; p++) sum += e[p]!;
        energySum[t / recordEvery] += sum;
      }
      if (tracing) for (let p = p0; p < Math.min(nTrace, p0 + cnt); p++) traces[p * (steps + 1) + t] = xc[(p - p0) * d]!;
    };
    record(0);
    if (rule === 'langevin' || rule === 'sgld') {
      const fused = ops.step;
      for (let t = 0; t < steps; t++) {
        const ht = h[t]!;
        rng.fillNormal(zc, 0, s[t]!);
        if (fused) fused(xc, cnt, ht, zc);
        else {
          ops.grad(xc, cnt, g);
          for (let k = 0; k < len; k++) xc[k] = xc[k]! - ht * g[k]! + zc[k]!;
        }
        record(t + 1);
      }
    } else if (rule === 'baoab') {
      v.fill(0, 0, len);
      ops.grad(xc, cnt, g);
      for (let t = 0; t < steps; t++) {
        const hh = 0.5 * h[t]!, ct = c[t]!;
        rng.fillNormal(zc, 0, s[t]!);
        for (let k = 0; k < len; k++) {
          let pk = v[k]! - hh * g[k]!;
          const xk = xc[k]! + hh * pk;
          pk = ct * pk + zc[k]!;
          xc[k] = xk + hh * pk;
          v[k] = pk;
        }
        ops.grad(xc, cnt, g);
        for (let k = 0; k < len; k++) v[k] = v[k]! - hh * g[k]!;
        record(t + 1);
      }
    } else { // mala
      ops.grad(xc, cnt, g);
      ops.energy(xc, cnt, u);
      for (let t = 0; t < steps; t++) {
        const ht = h[t]!, Tt = T[t]!;
        rng.fillNormal(zc, 0, s[t]!);
        for (let k = 0; k < len; k++) y[k] = xc[k]! - ht * g[k]! + zc[k]!;
        ops.grad(y, cnt, gy);
        ops.energy(y, cnt, ey);
        for (let p = 0; p < cnt; p++) {
          let fwd = 0, bwd = 0;
          for (let i = 0; i < d; i++) {
            const k = p * d + i;
            const a = zc[k]!, bb = xc[k]! - y[k]! + ht * gy[k]!;
            fwd += a * a; bwd += bb * bb;
          }
          const logAlpha = -(ey[p]! - u[p]!) / Tt - (bwd - fwd) / (4 * ht * Tt);
          if (Number.isFinite(logAlpha) && (logAlpha >= 0 || Math.log(rng.uniform()) < logAlpha)) {
            accepted++;
            u[p] = ey[p]!;
            for (let i = 0; i < d; i++) { const k = p * d + i; xc[k] = y[k]!; g[k] = gy[k]!; }
          }
        }
        proposed += cnt;
        record(t + 1);
      }
    }
  }
  return { energySum, accepted, proposed, traces, traceFirst: firstIndex, traceCount: nTrace };
}

/** Builds the result from the blocks' outputs (in block order). */
export function mergeBlocks(cfg: EnsembleConfig, plan: StepPlan, dim: number, x: Float64Array, outs: BlockOutput[]): EnsembleResult {
  const rows = Math.floor(plan.steps / plan.recordEvery) + 1;
  const energy = new Array<number>(rows).fill(0);
  let accepted = 0, proposed = 0;
  const traceCount = Math.min(cfg.traces ?? 4, cfg.particles);
  const traces = new Float64Array(traceCount * (plan.steps + 1));
  for (const o of outs) {
    for (let r = 0; r < rows; r++) energy[r] += o.energySum[r]!;
    accepted += o.accepted; proposed += o.proposed;
    if (o.traceCount > 0) traces.set(o.traces, o.traceFirst * (plan.steps + 1));
  }
  const recordSteps = Array.from({ length: rows }, (_, r) => r * plan.recordEvery);
  return {
    dim, particles: cfg.particles, x,
    recordSteps,
    energy: energy.map((v) => v / cfg.particles),
    temperature: recordSteps.map((t) => plan.T[Math.min(t, plan.steps - 1)] ?? cfg.temperature),
    acceptanceRate: cfg.rule === 'mala' ? (proposed > 0 ? accepted / proposed : 0) : null,
    traces, traceCount, workers: cfg.workers ?? 1,
  };
}

/** Refuses states that will not fit (8 bytes per coordinate, plus per-step traces). */
export function checkEnsembleSize(cfg: EnsembleConfig, dim: number): void {
  const bytes = 8 * (cfg.particles * dim + Math.min(cfg.traces ?? 4, cfg.particles) * (cfg.steps + 1));
  if (bytes > 4e9) throw new ResourceError(`ensemble: ${cfg.particles} particles × ${dim} dims (+ traces) need ${(bytes / 1e9).toFixed(1)} GB; use fewer particles or traces`);
}

/** Runs the ensemble in this thread, block by block (same numbers as the worker-thread runner with the same `workers`). */
export function runEnsemble(cfg: EnsembleConfig, problem?: Problem): EnsembleResult {
  checkEnsembleConfig(cfg);
  const prob = problem ?? createProblem(cfg.problem, createRng(cfg.seed).fork('problem'));
  if (prob.examples !== undefined && cfg.rule !== 'sgld') {
    throw new InvalidArgumentError(`ensemble: problem ${prob.id} is a data problem; the ensemble samples e^{−L/T} with full-data gradients (use rule sgld, or learnscope run for minibatches)`);
  }
  checkEnsembleSize(cfg, prob.dim);
  const plan = stepPlan(cfg);
  const d = prob.dim, B = cfg.workers ?? 1;
  const x = new Float64Array(cfg.particles * d);
  const traceCount = Math.min(cfg.traces ?? 4, cfg.particles);
  const outs: BlockOutput[] = [];
  for (let b = 0; b < B; b++) {
    const [p0, p1] = blockRange(cfg.particles, B, b);
    const xb = x.subarray(p0 * d, p1 * d);
    const rng = blockRng(cfg.seed, B, b);
    initBlock(prob, cfg, xb, rng);
    outs.push(runBlock(prob, plan, xb, rng, p0, traceCount));
  }
  return mergeBlocks(cfg, plan, d, x, outs);
}
