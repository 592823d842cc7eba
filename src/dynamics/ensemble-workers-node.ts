/**
 * Node-only adapter: runs an ensemble's blocks (src/dynamics/ensemble.ts) on worker threads, one block per worker,
 * over one SharedArrayBuffer of particles. Each worker rebuilds the problem from its registry config and draws from
 * the block's own stream `fork('ensemble/B/b')`, so the numbers equal `runEnsemble` with the same seed and
 * `workers` (B) — threads only change the wall time. Threads are used only when it pays: a worker needs ~1 s to
 * start (it loads the TypeScript sources through tsx, like bin/learnscope.mjs), so runs below `THREAD_MIN_WORK`
 * particle-steps·dims run their blocks in this thread (same numbers). `createEnsemblePool` keeps workers alive
 * across runs (the benchmark), `runEnsembleParallel` starts and stops them per run.
 */
import { MessageChannel, Worker, isMainThread, parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ConfigError } from '../errors.ts';
import { createRng } from '../random/index.ts';
import { createProblem } from '../problems/index.ts';
import {
  blockRange, blockRng, checkEnsembleConfig, checkEnsembleSize, initBlock, mergeBlocks, runBlock, runEnsemble, stepPlan,
  type BlockOutput, type EnsembleConfig, type EnsembleResult,
} from './ensemble.ts';

interface Job { cfg: EnsembleConfig; buffer: SharedArrayBuffer; block: number }

function work(job: Job): BlockOutput {
  const { cfg, buffer, block } = job;
  const prob = createProblem(cfg.problem, createRng(cfg.seed).fork('problem'));
  const d = prob.dim, B = cfg.workers ?? 1;
  const [p0, p1] = blockRange(cfg.particles, B, block);
  const xb = new Float64Array(buffer, p0 * d * 8, (p1 - p0) * d);
  const rng = blockRng(cfg.seed, B, block);
  initBlock(prob, cfg, xb, rng);
  return runBlock(prob, stepPlan(cfg), xb, rng, p0, Math.min(cfg.traces ?? 4, cfg.particles));
}

if (!isMainThread && (workerData as { ensembleJob?: Job } | null)?.ensembleJob) {
  const job = (workerData as { ensembleJob: Job }).ensembleJob;
  let msg: BlockOutput | { error: string };
  try { msg = work(job); } catch (e) { msg = { error: String((e as Error).stack ?? e) }; }
  parentPort!.postMessage(msg);
}

/** Worker bootstrap (CommonJS eval): register tsx, then import this module, which runs the job above. */
function bootstrap(tsxApi: string, self: string): string {
  // On a load failure, report it where the parent listens (pool: its port + completion counter; else parentPort).
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })`
    + `.catch((e) => { const wt = require('node:worker_threads'); const p = wt.workerData.ensemblePool; const error = String(e && e.stack || e);`
    + ` if (!p) { wt.parentPort.postMessage({ error }); return; }`
    + ` const c = new Int32Array(p.ctrl); for (let g = 0; ; ) { Atomics.wait(c, p.index, g); g = Atomics.load(c, p.index);`
    + ` const m = wt.receiveMessageOnPort(p.port); if (!m) continue; if (m.message === 'exit') break;`
    + ` p.port.postMessage({ error }); Atomics.add(c, p.workers, 1); Atomics.notify(c, p.workers); } });`;
}

/** Below this many particle·step·dim updates, worker start-up costs more than it saves. */
export const THREAD_MIN_WORK = 2e8;
const pays = (cfg: EnsembleConfig, dim: number) => cfg.particles * cfg.steps * dim >= THREAD_MIN_WORK;

/** Runs the ensemble with `cfg.workers` threads when it pays (default 1 = this thread). Same numbers as runEnsemble(cfg). */
export async function runEnsembleParallel(cfg: EnsembleConfig, options: { force?: boolean } = {}): Promise<EnsembleResult> {
  const B = cfg.workers ?? 1;
  if (B === 1) return runEnsemble(cfg);
  checkEnsembleConfig(cfg);
  const prob = createProblem(cfg.problem, createRng(cfg.seed).fork('problem'));
  if (prob.examples !== undefined && cfg.rule !== 'sgld') return runEnsemble(cfg, prob); // same refusal message
  if (!options.force && !pays(cfg, prob.dim)) return runEnsemble(cfg, prob);
  checkEnsembleSize(cfg, prob.dim);
  const plan = stepPlan(cfg); // validates the schedule before any thread starts
  const d = prob.dim;
  const buffer = new SharedArrayBuffer(cfg.particles * d * 8);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const self = import.meta.url;
  const outs = await Promise.all(Array.from({ length: B }, (_, block) => new Promise<BlockOutput>((resolve, reject) => {
    const w = new Worker(bootstrap(tsxApi, self), { eval: true, workerData: { ensembleJob: { cfg, buffer, block } } });
    w.once('message', (m: BlockOutput & { error?: string }) => {
      void w.terminate();
      if (m.error) reject(new Error(`ensemble worker ${block}: ${m.error}`));
      else resolve(m);
    });
    w.once('error', reject);
  })));
  return mergeBlocks(cfg, plan, d, new Float64Array(buffer), outs);
}

export interface EnsemblePool {
  readonly workers: number;
  /** Runs `cfg` (its `workers` must equal the pool's) on the pool's threads, blocking until done. */
  run(cfg: EnsembleConfig): EnsembleResult;
  close(): void;
}

/**
 * A pool of `workers` persistent threads, driven synchronously (Atomics.wait on shared counters, messages read with
 * receiveMessageOnPort), so start-up is paid once. Same numbers as runEnsemble with the same seed and workers.
 */
export function createEnsemblePool(workers: number): EnsemblePool {
  const code = bootstrap(import.meta.resolve('tsx/esm/api'), import.meta.url);
  const ctrl = new SharedArrayBuffer(4 * (workers + 1)), c = new Int32Array(ctrl); // c[b]: job generation of worker b; c[workers]: completions
  const threads = Array.from({ length: workers }, (_, b) => {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(code, { eval: true, workerData: { ensemblePool: { port: port2, ctrl, index: b, workers } }, transferList: [port2] });
    w.unref();
    return { w, port: port1 };
  });
  const dispatch = (msg: unknown) => {
    for (let b = 0; b < workers; b++) { threads[b]!.port.postMessage(msg); Atomics.add(c, b, 1); Atomics.notify(c, b); }
  };
  return {
    workers,
    run(cfg) {
      if ((cfg.workers ?? 1) !== workers) throw new ConfigError('workers', `the pool has ${workers} threads but the config asks for ${cfg.workers ?? 1}`);
      checkEnsembleConfig(cfg);
      const prob = createProblem(cfg.problem, createRng(cfg.seed).fork('problem'));
      checkEnsembleSize(cfg, prob.dim);
      const plan = stepPlan(cfg);
      const buffer = new SharedArrayBuffer(cfg.particles * prob.dim * 8);
      const before = Atomics.load(c, workers);
      dispatch({ cfg, buffer });
      for (let v = Atomics.load(c, workers); v < before + workers; v = Atomics.load(c, workers)) Atomics.wait(c, workers, v);
      const outs = threads.map(({ port }, b) => {
        const m = receiveMessageOnPort(port)?.message as (BlockOutput & { error?: string }) | undefined;
        if (!m || m.error) throw new Error(`ensemble worker ${b}: ${m?.error ?? 'no result'}`);
        return m;
      });
      return mergeBlocks(cfg, plan, prob.dim, new Float64Array(buffer), outs);
    },
    close() {
      dispatch('exit');
      for (const t of threads) { t.port.close(); void t.w.terminate(); }
    },
  };
}

interface PoolData { port: MessagePort; ctrl: SharedArrayBuffer; index: number; workers: number }

if (!isMainThread && (workerData as { ensemblePool?: PoolData } | null)?.ensemblePool) {
  const { port, ctrl, index, workers } = (workerData as { ensemblePool: PoolData }).ensemblePool;
  const c = new Int32Array(ctrl);
  for (let gen = 0; ;) {
    Atomics.wait(c, index, gen);
    gen = Atomics.load(c, index);
    const msg = receiveMessageOnPort(port)?.message as { cfg: EnsembleConfig; buffer: SharedArrayBuffer } | 'exit' | undefined;
    if (msg === undefined) continue;
    if (msg === 'exit') break;
    let out: BlockOutput | { error: string };
    try { out = work({ cfg: msg.cfg, buffer: msg.buffer, block: index }); } catch (e) { out = { error: String((e as Error).stack ?? e) }; }
    port.postMessage(out);
    Atomics.add(c, workers, 1); Atomics.notify(c, workers);
  }
}
