/**
 * Node-only adapter: runs an ensemble's blocks (src/dynamics/ensemble.ts) on worker threads, one block per worker,
 * over one SharedArrayBuffer of particles. Each worker rebuilds the problem from its registry config and draws from
 * the block's own stream `fork('ensemble/B/b')`, so the numbers equal `runEnsemble` with the same seed and
 * `workers` (B) — threads only change the wall time. With workers = 1 everything runs in this thread.
 * Workers load the TypeScript sources through tsx (the same loader as bin/learnscope.mjs).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
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
  parentPort!.postMessage(work((workerData as { ensembleJob: Job }).ensembleJob));
}

/** Worker bootstrap (CommonJS eval): register tsx, then import this module, which runs the job above. */
function bootstrap(tsxApi: string, self: string): string {
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })`
    + `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ error: String(e && e.stack || e) }); });`;
}

/** Runs the ensemble with `cfg.workers` threads (default 1 = this thread). Same numbers as runEnsemble(cfg). */
export async function runEnsembleParallel(cfg: EnsembleConfig): Promise<EnsembleResult> {
  const B = cfg.workers ?? 1;
  if (B === 1) return runEnsemble(cfg);
  checkEnsembleConfig(cfg);
  const prob = createProblem(cfg.problem, createRng(cfg.seed).fork('problem'));
  if (prob.examples !== undefined && cfg.rule !== 'sgld') return runEnsemble(cfg, prob); // same refusal message
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
