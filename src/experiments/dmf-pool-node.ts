/**
 * Node-only adapter: a worker-thread pool for deep matrix factorisation sweeps (dmf-train.ts). Each worker takes
 * plain-data jobs one at a time and rebuilds the problem from its config and seeds, so results equal in-thread
 * runs; threads only change the wall time. Workers load the TypeScript sources through tsx (as
 * dynamics/ensemble-workers-node.ts does). Reached from dmf-train.ts by a dynamic import only under Node.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runDmfJob, type DmfJob, type DmfJobResult, type JobRunner } from './dmf-train.ts';

if (!isMainThread && (workerData as { dmfPool?: boolean } | null)?.dmfPool) {
  parentPort!.on('message', (msg: { i: number; job: DmfJob }) => {
    try {
      parentPort!.postMessage({ i: msg.i, result: runDmfJob(msg.job) });
    } catch (e) {
      parentPort!.postMessage({ i: msg.i, error: String((e as Error)?.stack ?? e) });
    }
  });
}

function bootstrap(tsxApi: string, self: string): string {
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })`
    + `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ i: -1, error: String(e && e.stack || e) }); });`;
}

/** Runs `jobs` on `workers` threads (largest first is the caller's choice of order); results in job order. */
export const runJobsInWorkers: JobRunner = (jobs, workers, onDone) => new Promise<DmfJobResult[]>((resolve, reject) => {
  const results: DmfJobResult[] = new Array(jobs.length);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const pool: Worker[] = [];
  let next = 0, done = 0, failed = false;
  const finish = (err?: Error) => {
    for (const w of pool) void w.terminate();
    if (err) reject(err); else resolve(results);
  };
  const feed = (w: Worker) => {
    if (next < jobs.length) { const i = next++; w.postMessage({ i, job: jobs[i] }); }
  };
  const count = Math.max(1, Math.min(workers, jobs.length));
  for (let k = 0; k < count; k++) {
    const w = new Worker(bootstrap(tsxApi, import.meta.url), { eval: true, workerData: { dmfPool: true } });
    pool.push(w);
    w.on('message', (m: { i: number; result?: DmfJobResult; error?: string }) => {
      if (failed) return;
      if (m.error !== undefined) { failed = true; finish(new Error(`dmf worker (job ${m.i}): ${m.error}`)); return; }
      results[m.i] = m.result!;
      done++;
      onDone(done, jobs.length, m.result!);
      if (done === jobs.length) finish();
      else feed(w);
    });
    w.once('error', (e) => { if (!failed) { failed = true; finish(e); } });
    feed(w);
  }
});
