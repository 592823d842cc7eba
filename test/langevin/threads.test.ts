// Worker threads change only the wall time: the threaded runners (one-shot and pool) give exactly the numbers of the
// in-thread runner for the same seed and worker count, for each sampler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEnsemble, type EnsembleConfig } from '../../src/dynamics/ensemble.ts';
import { createEnsemblePool, runEnsembleParallel } from '../../src/dynamics/ensemble-workers-node.ts';

const base: EnsembleConfig = { problem: { id: 'tilted-double-well' }, rule: 'langevin', lr: 0.01, temperature: 0.3, particles: 3001, steps: 40, seed: 11, workers: 2, traces: 3 };

test('runEnsembleParallel on 2 threads equals runEnsemble (forced threads; small runs stay in-thread by default)', async () => {
  const a = runEnsemble(base);
  const c = await runEnsembleParallel(base, { force: true });
  assert.deepEqual(c.x, a.x);
  assert.deepEqual(c.energy, a.energy);
  assert.deepEqual(c.traces, a.traces);
});

test('a persistent pool runs several configs (langevin, mala, baoab, sgld on a 2-D Gaussian) with the in-thread numbers', () => {
  const pool = createEnsemblePool(2);
  try {
    for (const rule of ['langevin', 'mala', 'baoab', 'sgld'] as const) {
      const cfg: EnsembleConfig = { ...base, rule, problem: { id: 'gaussian', cov: [[1, 0.3], [0.3, 2]] }, initStd: 0.5 };
      const a = runEnsemble(cfg), b = pool.run(cfg);
      assert.deepEqual(b.x, a.x, rule);
      assert.equal(b.acceptanceRate, a.acceptanceRate);
    }
  } finally {
    pool.close();
  }
});
