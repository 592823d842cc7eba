/**
 * Training loop for the deep matrix factorisation experiments (Arora, Cohen, Hu, Luo 2019; main.py's loop): any
 * registered rule on a matrix-completion / matrix-sensing problem, stopping when the train loss reaches
 * `trainThreshold` (reference train_thres = 1e-6) or after `maxSteps`, logging every `logEvery` steps the train
 * loss, the reference test error, nuclear norm, effective rank, Schatten quasi-norm Σσ^{2/N}, top singular values
 * and the balancedness of the factors. θ is updated in place (one pass per step, no trajectory kept), so this is
 * the fast path; the generic dynamics runner works on the same problems. Jobs are plain data so they can run on
 * worker threads (dmf-pool-node.ts); `runDmfJobs` uses that pool under Node and runs in-thread elsewhere.
 */
import { InvalidArgumentError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { createRng } from '../random/index.ts';
import type { Rng } from '../random/types.ts';
import { createProblem } from '../problems/index.ts';
import type { DmfInit, DmfProblem } from '../problems/matrix-completion.ts';
import { createRule } from '../rules/index.ts';
import type { Rule, StepContext } from '../rules/types.ts';
import { balancedness, spectralSummary, spectrum } from '../analysis/spectral.ts';

export interface DmfLog {
  step: number[];
  trainLoss: number[];
  testError: number[];
  nuclearNorm: number[];
  effectiveRank: number[];
  schatten: number[];
  /** Top singular values of W at each logged step. */
  top: number[][];
  balancedness: number[];
}

export interface DmfSnapshot {
  step: number; trainLoss: number; testError: number; nuclearNorm: number; effectiveRank: number; schatten: number;
  top: number[]; balancedness: number;
}

export interface TrainOptions {
  maxSteps: number;
  /** Stop once the train loss is ≤ this (reference: 1e-6). */
  trainThreshold: number;
  /** Log every k steps (and at the last step). */
  logEvery: number;
  /** How many top singular values to log (reference n_singulars_save = 10). */
  topK?: number;
  onProgress?: (step: number, loss: number) => void;
  progressEvery?: number;
}

export interface TrainResult {
  steps: number;
  converged: boolean;
  diverged: boolean;
  final: DmfSnapshot;
  /** Smallest test error among the logged steps (the reference's Figure 3 table reports this). */
  minTestError: number;
  log: DmfLog;
  /** Final θ (the factors, flattened). */
  theta: Float64Array;
  /** Wall time of the loop in ms (informational: never asserted). */
  ms: number;
}

/** The logged quantities at θ (one SVD of W and N−1 Gram products). */
export function snapshot(problem: DmfProblem, theta: Float64Array, step: number, trainLoss: number, topK = 10): DmfSnapshot {
  const fac = problem.factorization;
  const W = problem.product(theta);
  const s = spectrum(W.slice(), fac.rows, fac.cols);
  const sum = spectralSummary(s, 2 / fac.depth, topK);
  const factors = fac.shapes.map(([rows, cols], j) => ({ rows, cols, data: fac.factor(theta, j) }));
  const testError = problem.truth ? meanSq(W, problem.truth) : NaN;
  return { step, trainLoss, testError, nuclearNorm: sum.nuclearNorm, effectiveRank: sum.effectiveRank, schatten: sum.schatten, top: sum.top, balancedness: balancedness(factors) };
}

function meanSq(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i]! - b[i]!; s += d * d; }
  return s / a.length;
}

/**
 * The loop's step, reusable (trainFactorization and the dmf-step benchmark run this): θ is owned and updated in
 * place; `evaluate` computes L(θ) and ∇L(θ) into `grad`, `step` applies the rule's δ at that gradient. One StepContext
 * (and one δ buffer, for rules without updateInPlace) serve every step, so a step allocates nothing beyond what the
 * problem and rule do.
 */
export class FactorizationStepper {
  readonly grad: Float64Array;
  /** δ of rules without updateInPlace (undefined for the others, which write θ directly). */
  readonly delta: Float64Array | undefined;
  value = NaN;
  state: unknown;
  private readonly ctx: { -readonly [K in keyof StepContext]: StepContext[K] };

  constructor(readonly problem: DmfProblem, readonly rule: Rule, readonly theta: Float64Array, rng: Rng) {
    const dim = problem.dim;
    if (theta.length !== dim) throw new InvalidArgumentError(`FactorizationStepper: θ has length ${theta.length}; expected ${dim}`);
    this.grad = new Float64Array(dim);
    this.delta = rule.updateInPlace ? undefined : new Float64Array(dim);
    const hyper: Record<string, unknown> = { ...(rule.hyper as Record<string, unknown>) };
    this.state = rule.init(theta, { problem, rng });
    this.ctx = {
      step: 0, theta, hyper, batch: undefined, problem, rng, ...(this.delta ? { out: this.delta } : {}),
      grad: () => this.grad, loss: () => this.value,
      gradAt: (p) => problem.grad(p), lossAt: (p) => problem.loss(p),
    };
  }

  /** L(θ) (returned and kept in `value`) and ∇L(θ) into `grad`. */
  evaluate(): number {
    this.value = this.problem.valueAndGrad!(this.theta, undefined, this.grad).value;
    return this.value;
  }

  /** Step `t` of the rule at the last `evaluate`d gradient: θ ← θ + δ in place (the rule's updateInPlace, else one axpy). */
  step(t: number): void {
    this.ctx.step = t;
    if (this.rule.updateInPlace) {
      this.state = this.rule.updateInPlace(this.ctx, this.state, this.theta);
      return;
    }
    const res = this.rule.update(this.ctx, this.state);
    this.state = res.state;
    kernels().axpy(this.theta.length, 1, res.delta, this.theta);
  }
}

/** Trains from θ₀ (copied) with `rule` until the threshold or maxSteps. */
export function trainFactorization(problem: DmfProblem, rule: Rule, theta0: Float64Array, opts: TrainOptions, seed = 0): TrainResult {
  const { maxSteps, trainThreshold, logEvery } = opts;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new InvalidArgumentError(`trainFactorization: maxSteps = ${maxSteps}; expected an integer ≥ 0`);
  if (!Number.isInteger(logEvery) || logEvery < 1) throw new InvalidArgumentError(`trainFactorization: logEvery = ${logEvery}; expected an integer ≥ 1`);
  if (!(trainThreshold >= 0)) throw new InvalidArgumentError(`trainFactorization: trainThreshold = ${trainThreshold}; expected a number ≥ 0`);
  const topK = opts.topK ?? 10;
  const t0 = performance.now();
  const theta = Float64Array.from(theta0);
  const stepper = new FactorizationStepper(problem, rule, theta, createRng(seed).fork('rule'));
  const log: DmfLog = { step: [], trainLoss: [], testError: [], nuclearNorm: [], effectiveRank: [], schatten: [], top: [], balancedness: [] };
  const push = (s: DmfSnapshot) => {
    log.step.push(s.step); log.trainLoss.push(s.trainLoss); log.testError.push(s.testError); log.nuclearNorm.push(s.nuclearNorm);
    log.effectiveRank.push(s.effectiveRank); log.schatten.push(s.schatten); log.top.push(s.top); log.balancedness.push(s.balancedness);
    return s;
  };
  const every = opts.progressEvery ?? Math.max(1, Math.floor(maxSteps / 100));
  let converged = false, diverged = false, t = 0, value = NaN, last: DmfSnapshot | undefined;
  for (; ; t++) {
    value = stepper.evaluate();
    if (!Number.isFinite(value)) { diverged = true; break; }
    converged = value <= trainThreshold;
    if (converged || t === maxSteps) break;
    if (t % logEvery === 0) last = push(snapshot(problem, theta, t, value, topK));
    if (opts.onProgress && t % every === 0) opts.onProgress(t, value);
    stepper.step(t);
  }
  const final = diverged ? (last ?? push(snapshot(problem, theta, t, value, topK))) : push(snapshot(problem, theta, t, value, topK));
  const minTestError = Math.min(...log.testError.filter((x) => Number.isFinite(x)));
  opts.onProgress?.(t, value);
  return { steps: t, converged, diverged, final, minTestError, log, theta, ms: performance.now() - t0 };
}

/** One run as plain data (worker-transferable): the problem config, its data seed, the rule, and the loop options. */
export interface DmfJob {
  /** Free-form label echoed in the result (e.g. "depth 3, 2000 obs"). */
  label: string;
  problem: { id: 'matrix-completion' | 'matrix-sensing'; size: number; rank: number; observations: number; depth: number; init?: DmfInit; initScale?: number; symmetric?: boolean };
  /** Seeds the ground truth and observations (same dataSeed ⇒ same data across depths and rules). */
  dataSeed: number;
  /** Seeds the initial factors. */
  initSeed: number;
  rule: { id: string; hyper?: Record<string, unknown> };
  train: Omit<TrainOptions, 'onProgress'>;
}

export interface DmfJobResult extends TrainResult { label: string; job: DmfJob; truthNuclearNorm: number }

/** The problem a job runs on (data from `dataSeed`, so runs differing only in depth or rule share data). */
export function jobProblem(job: DmfJob): DmfProblem {
  return createProblem({ ...job.problem }, createRng(job.dataSeed).fork('problem')) as DmfProblem;
}

export function runDmfJob(job: DmfJob, onProgress?: (step: number, loss: number) => void): DmfJobResult {
  const problem = jobProblem(job);
  const rule = createRule(job.rule.id, job.rule.hyper ?? {});
  const theta0 = problem.init(createRng(job.initSeed).fork('init'));
  const res = trainFactorization(problem, rule, theta0, { ...job.train, ...(onProgress ? { onProgress } : {}) }, job.initSeed);
  const fac = problem.factorization;
  const tn = problem.truth ? spectralSummary(spectrum(problem.truth.slice(), fac.rows, fac.cols), 1).nuclearNorm : NaN;
  return { ...res, label: job.label, job, truthNuclearNorm: tn };
}

/** A pool that runs jobs and reports each one's completion (Node: worker threads; elsewhere: in this thread). */
export type JobRunner = (jobs: DmfJob[], workers: number, onDone: (done: number, total: number, r: DmfJobResult) => void) => Promise<DmfJobResult[]>;

export const runJobsInThread: JobRunner = async (jobs, _workers, onDone) => {
  const out: DmfJobResult[] = [];
  for (const job of jobs) { out.push(runDmfJob(job)); onDone(out.length, jobs.length, out[out.length - 1]!); }
  return out;
};

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** The job runner for `workers`: the worker-thread pool under Node (workers > 1), else in-thread. */
export async function loadJobRunner(workers: number): Promise<JobRunner> {
  if (!isNode || workers <= 1) return runJobsInThread;
  // A variable specifier keeps bundlers from following the Node-only adapter (as kernels/index.ts does).
  const spec = './dmf-pool-node.ts';
  return ((await import(/* @vite-ignore */ spec)) as { runJobsInWorkers: JobRunner }).runJobsInWorkers;
}

/** Runs jobs over the worker-thread pool under Node (workers > 1), else in this thread; results in job order. */
export async function runDmfJobs(jobs: DmfJob[], workers: number, onDone: (done: number, total: number, r: DmfJobResult) => void = () => {}): Promise<DmfJobResult[]> {
  const runner = await loadJobRunner(jobs.length <= 1 ? 1 : workers);
  return runner(jobs, workers, onDone);
}
