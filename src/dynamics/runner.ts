/**
 * The runner: turns (problem, rule, steps, seed, schedule, batching) into a Trajectory. Pure (no node:), so it
 * runs in the browser too. Streams: the run's generator `createRng(seed)` is forked by key into 'init' (default
 * θ₀), 'batches' (epoch permutations) and 'rule' (the rule's own noise), so changing the record or the rule does
 * not shift any other stream. Recorded loss/grad rows are full-data values at θ_k; the rule sees its minibatch.
 * A non-finite loss or θ stops the run with `diverged: true` rather than throwing.
 */
import { InvalidArgumentError, ResourceError, ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { createRng } from '../random/index.ts';
import type { Batch, Problem } from '../problems/types.ts';
import type { Rule, StepContext } from '../rules/types.ts';
import { createBatcher } from './batching.ts';
import type { Schedule } from './schedules.ts';
import { RECORD_KEYS, snapshot, type RecordKey, type Trajectory } from './trajectory.ts';

export interface RunOptions {
  problem: Problem;
  rule: Rule;
  steps: number;
  seed: number | string;
  /** θ₀; default the problem's seeded `init`. */
  init?: ArrayLike<number>;
  /** Quantities to record; default theta, loss, grad, update. */
  record?: readonly RecordKey[];
  /** Minibatch size for data problems (default: full batch). */
  batchSize?: number;
  /** Learning-rate schedule written into hyper.lr before each update. */
  schedule?: Schedule;
  /** Mid-run edits: called before update t with the live hyperparameters (after the schedule); mutate in place. */
  adjust?: (t: number, hyper: Record<string, unknown>) => void;
  /** Called every `progressEvery` updates (default ~1 % of the run) and at the end. */
  onProgress?: (p: { step: number; steps: number; loss: number | undefined }) => void;
  progressEvery?: number;
  /** Refuse runs whose records would exceed this many bytes (default 2 GB). */
  maxRecordBytes?: number;
}

export const DEFAULT_RECORD: readonly RecordKey[] = ['theta', 'loss', 'grad', 'update'];

// Per-entry loops over θ live in module-level functions so V8 optimises them whole (inside `run` they would be
// re-entered by on-stack replacement every step).
function addInto(next: Float64Array, current: Float64Array, delta: Float64Array): void {
  for (let i = 0; i < next.length; i++) next[i] = current[i]! + delta[i]!;
}
function differenceInto(out: Float64Array, offset: number, next: Float64Array, current: Float64Array): void {
  for (let i = 0; i < next.length; i++) out[offset + i] = next[i]! - current[i]!;
}

export function run(opts: RunOptions): Trajectory {
  const { problem, rule, steps } = opts;
  const dim = problem.dim;
  const record = [...(opts.record ?? DEFAULT_RECORD)];
  for (const k of record) {
    if (!RECORD_KEYS.includes(k)) throw new InvalidArgumentError(`run: unknown record key ${JSON.stringify(k)}; accepted: ${RECORD_KEYS.join(', ')}`);
  }
  if (!Number.isInteger(steps) || steps < 0) throw new InvalidArgumentError(`run: steps = ${steps}; expected an integer ≥ 0`);
  const has = (k: RecordKey) => record.includes(k);
  const vectors = ['theta', 'grad', 'update'].filter((k) => has(k as RecordKey)).length;
  const bytes = 8 * (steps + 1) * (vectors * dim + 3);
  if (bytes > (opts.maxRecordBytes ?? 2e9)) {
    throw new ResourceError(`run: recording ${record.join(', ')} for ${steps} steps of a ${dim}-dim problem needs ${(bytes / 1e9).toFixed(2)} GB; record fewer quantities (e.g. record: [loss]) or fewer steps`);
  }

  const root = createRng(opts.seed);
  const ruleRng = root.fork('rule');
  let theta = opts.init === undefined ? problem.init(root.fork('init'))
    : opts.init instanceof Float64Array ? opts.init.slice() : Float64Array.from(opts.init);
  if (theta.length !== dim) throw new ShapeError(`run: init has length ${theta.length}; problem ${problem.id} has dimension ${dim}`);

  let batcher: ReturnType<typeof createBatcher> | undefined;
  if (opts.batchSize !== undefined) {
    if (problem.examples === undefined) {
      throw new InvalidArgumentError(`run: batchSize given but problem ${problem.id} has no examples; minibatching needs a data problem`);
    }
    if (opts.batchSize < problem.examples) batcher = createBatcher(problem.examples, opts.batchSize, root.fork('batches'));
    else if (!Number.isInteger(opts.batchSize)) throw new InvalidArgumentError(`run: batchSize = ${opts.batchSize}; expected an integer ≥ 1`);
  }

  const rows = steps + 1;
  const out: Trajectory = {
    problem: problem.id, rule: rule.id, hyper: snapshot(rule.hyper) as Record<string, unknown>, dim, seed: opts.seed,
    steps, completed: 0, record, diverged: false, divergedAt: null,
  };
  if (has('theta')) out.theta = new Float64Array(rows * dim);
  if (has('loss')) out.loss = new Float64Array(rows);
  if (has('grad')) out.grad = new Float64Array(rows * dim);
  if (has('update')) out.update = new Float64Array(steps * dim);
  if (has('lr')) out.lr = new Float64Array(steps);
  if (has('batchLoss')) out.batchLoss = new Float64Array(steps);
  if (has('state')) out.state = [];
  if (opts.batchSize !== undefined) out.batchSize = opts.batchSize;

  const hyper: Record<string, unknown> = { ...(rule.hyper as Record<string, unknown>) };
  const baseLr = hyper.lr;
  if (opts.schedule && typeof baseLr !== 'number') {
    throw new InvalidArgumentError(`run: a schedule needs a rule with a numeric lr; ${rule.id} has lr = ${JSON.stringify(baseLr)}`);
  }
  const every = opts.progressEvery ?? Math.max(1, Math.floor(steps / 100));
  let state = rule.init(theta, { problem, rng: ruleRng });
  // No allocation per step: ∇L goes into one reused buffer (Problem.grad's `out`), and θ either moves in place
  // (a rule with the fused `apply`) or alternates between two arrays (θ_k stays intact while `update` runs). A
  // rule's preferred buffers (the wasm Adam state's) save it copies.
  const bufs = rule.buffers?.(state) ?? null;
  const fused = rule.apply !== undefined;
  if (fused && bufs?.theta !== undefined && bufs.theta.length === dim) { bufs.theta.set(theta); theta = bufs.theta; }
  const gradBuf = bufs !== null && bufs.grad.length === dim ? bufs.grad : new Float64Array(dim);
  const deltaBuf = bufs !== null && bufs.out.length === dim ? bufs.out : new Float64Array(dim);
  let spare = fused ? theta : new Float64Array(dim);

  // Full-data value and gradient at the current θ, computed at most once per row and reused by a full-batch rule.
  let cache: { value?: number; grad?: Float64Array } = {};
  const fullGrad = () => (cache.grad ??= problem.grad(theta, undefined, gradBuf));
  const fullLoss = () => (cache.value ??= problem.loss(theta, undefined));
  const finiteKernel = kernels();
  const recordRow = (k: number): boolean => {
    if (out.theta) out.theta.set(theta, k * dim);
    if (has('loss') && has('grad') && problem.valueAndGrad && cache.grad === undefined) {
      const vg = problem.valueAndGrad(theta, undefined, gradBuf);
      cache = { value: vg.value, grad: vg.grad };
    }
    let finite = finiteKernel.allFinite(dim, theta); // one read pass over θ per row (native or TS)
    if (out.loss) { const v = fullLoss(); out.loss[k] = v; finite &&= Number.isFinite(v); }
    if (out.grad) out.grad.set(fullGrad(), k * dim);
    return finite;
  };

  if (!recordRow(0)) { out.diverged = true; out.divergedAt = 0; }
  for (let t = 0; t < steps && !out.diverged; t++) {
    const batch: Batch = batcher?.next();
    if (opts.schedule) hyper.lr = opts.schedule(t, baseLr as number);
    opts.adjust?.(t, hyper);
    const current = theta;
    let bGrad: Float64Array | undefined, bLoss: number | undefined;
    const ctx: StepContext = {
      step: t,
      theta: current,
      hyper,
      batch,
      problem,
      rng: ruleRng,
      // `apply` writes θ_{k+1} − θ_k straight into the trajectory's update row; `update` writes δ.
      out: fused ? out.update?.subarray(t * dim, (t + 1) * dim) : deltaBuf,
      grad: () => (bGrad ??= batch === undefined ? fullGrad() : problem.grad(current, batch, gradBuf)),
      loss: () => (bLoss ??= batch === undefined ? fullLoss() : problem.loss(current, batch)),
      gradAt: (p) => problem.grad(p, batch),
      lossAt: (p) => problem.loss(p, batch),
    };
    if (out.lr) out.lr[t] = hyper.lr as number;
    if (out.batchLoss) out.batchLoss[t] = ctx.loss();
    if (fused) {
      state = rule.apply!(ctx, state); // θ_{k+1} in place
    } else {
      const res = rule.update(ctx, state);
      state = res.state;
      const delta = res.delta;
      if (delta.length !== dim) throw new ShapeError(`run: rule ${rule.id} returned δ of length ${delta.length}; θ has length ${dim}`);
      const next = spare;
      addInto(next, current, delta);
      if (out.update) differenceInto(out.update, t * dim, next, current);
      spare = current;
      theta = next;
    }
    if (out.state) out.state.push(snapshot(state));
    cache = {};
    out.completed = t + 1;
    if (!recordRow(t + 1)) { out.diverged = true; out.divergedAt = t + 1; }
    if (opts.onProgress && ((t + 1) % every === 0 || t + 1 === steps)) {
      opts.onProgress({ step: t + 1, steps, loss: out.loss?.[t + 1] });
    }
  }
  if (out.completed < steps) {
    // Trim the columns to the rows actually run.
    const n = out.completed;
    if (out.theta) out.theta = out.theta.slice(0, (n + 1) * dim);
    if (out.loss) out.loss = out.loss.slice(0, n + 1);
    if (out.grad) out.grad = out.grad.slice(0, (n + 1) * dim);
    if (out.update) out.update = out.update.slice(0, n * dim);
    if (out.lr) out.lr = out.lr.slice(0, n);
    if (out.batchLoss) out.batchLoss = out.batchLoss.slice(0, n);
  }
  if (batcher) out.epochs = batcher.epoch;
  return out;
}
