// CI-sized dmf-completion (30×30, rank 2): the reference's orderings — at 250 observations depth 3 < depth 2 <
// min nuclear norm in reconstruction error, the minimum's nuclear norm below ‖W*‖_*, all recover at 400 — and the
// worker pool returning exactly the in-thread numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dmfCompletionConfig, runDmfCompletion } from '../../src/experiments/dmf-completion.ts';
import { runDmfJob, runDmfJobs, type DmfJob } from '../../src/experiments/dmf-train.ts';

test('dmf-completion at 30×30: depth 3 < depth 2 < nuclear norm at 250 obs, all recover at 400, every check passes', async () => {
  const cfg = {
    ...dmfCompletionConfig({ quick: true, seed: 0 }),
    observations: [250, 400], depths: [2, 3],
    scaleSweep: { observations: [250], depths: [3], initScales: [1e-2, 1e-4] },
  };
  const rep = await runDmfCompletion(cfg, { progress: () => {} });
  const failed = rep.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured}`);
  assert.deepEqual(failed, [], 'every check passes');
  const names = rep.checks.map((c) => c.name).join('\n');
  for (const must of ['250 obs: depth 3 error < depth 2 error', '250 obs: depth 2 error < nuclear-norm error', 'min nuclear norm below the ground truth', '400 obs: depth 3 recovers', '400 obs: nuclear norm recovers']) {
    assert.ok(names.includes(must), `check "${must}" is present`);
  }
  assert.equal(rep.figures.length, 3, 'three figures');
  for (const f of rep.figures) assert.ok(f.svg.startsWith('<svg') || f.svg.startsWith('<?xml'), `figure ${f.name} is an SVG document`);
});

test('worker pool: same numbers as in-thread runs, results in job order', async () => {
  const job = (depth: number): DmfJob => ({
    label: `d${depth}`, problem: { id: 'matrix-completion', size: 12, rank: 1, observations: 60, depth, initScale: 1e-3 },
    dataSeed: 4, initSeed: 5, rule: { id: 'group-rms', hyper: { lr: 1e-2 } }, train: { maxSteps: 300, trainThreshold: 1e-6, logEvery: 50 },
  });
  const jobs = [job(3), job(2)];
  const pooled = await runDmfJobs(jobs, 2);
  assert.deepEqual(pooled.map((r) => r.label), ['d3', 'd2'], 'job order');
  for (let i = 0; i < jobs.length; i++) {
    const local = runDmfJob(jobs[i]!);
    assert.equal(pooled[i]!.final.testError, local.final.testError, `job ${i}: test error equal bit for bit`);
    assert.deepEqual(pooled[i]!.log.trainLoss, local.log.trainLoss, `job ${i}: logged losses equal`);
  }
});

test('dmf-adam at 30×30: both rules fit the observations; steps, errors and the distance between completions are reported', async () => {
  const { dmfAdamConfig, runDmfAdam } = await import('../../src/experiments/dmf-adam.ts');
  const cfg = { ...dmfAdamConfig({ quick: true, seed: 0 }), observations: [400], depths: [3], workers: 1 };
  const rep = await runDmfAdam(cfg, { progress: () => {} });
  assert.deepEqual(rep.checks.filter((c) => !c.pass).map((c) => c.name), [], 'every check passes');
  const comp = (rep.results as { comparisons: { relativeDistance: number; stepRatio: number }[] }).comparisons;
  assert.equal(comp.length, 1, 'one comparison (400 obs, depth 3)');
  assert.ok(Number.isFinite(comp[0]!.relativeDistance) && comp[0]!.stepRatio > 0, `comparison ${JSON.stringify(comp[0])}`);
});
