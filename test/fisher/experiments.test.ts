// The Fisher experiments end to end (registry, checks, figures): ngd-logistic reproduces anchors §4.5's counts
// exactly, ngd-invariance and empirical-fisher-pathology pass their checks on small configs, and kfac-mnist runs on
// the mnist package's digits with an equal-steps budget (deterministic; the CLI default is wall-clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experiments } from '../../src/experiments/index.ts';
import type { Experiment, Report } from '../../src/experiments/types.ts';
import { ngdLogistic } from '../../src/experiments/ngd-logistic.ts';
import { ngdInvariance } from '../../src/experiments/ngd-invariance.ts';
import { empiricalFisherPathology } from '../../src/experiments/empirical-fisher-pathology.ts';
import { kfacMnist, loadMnistDigits } from '../../src/experiments/kfac-mnist.ts';

const quiet = { progress: () => {} };
function assertAllPass(r: Report): void {
  const failed = r.checks.filter((c) => !c.pass);
  assert.equal(failed.length, 0, `failed checks: ${failed.map((c) => `${c.name}: ${c.measured}`).join('; ')}`);
  assert.ok(r.figures.length > 0 && r.figures.every((f) => f.svg.startsWith('<svg') || f.svg.startsWith('<?xml')));
}

test('registered: ngd-logistic, ngd-invariance, empirical-fisher-pathology, kfac-mnist', () => {
  const ids = experiments.map((e) => e.id);
  for (const id of ['ngd-logistic', 'ngd-invariance', 'empirical-fisher-pathology', 'kfac-mnist']) assert.ok(ids.includes(id), id);
});

test('ngd-logistic: 3 / 2943 / 1485 / 24 at scale 100 and 3 / 30 / 24 at scale 10, exactly', () => {
  const r = ngdLogistic.run(ngdLogistic.config({ quick: true, seed: 0 }), quiet) as Report;
  assertAllPass(r);
  const c = (r.results.scale100 as { counts: Record<string, number> }).counts;
  assert.deepEqual([c.ngd, c.gd, c.gd198, c.ef], [3, 2943, 1485, 24]);
  const c10 = (r.results.scale10 as { counts: Record<string, number> }).counts;
  assert.deepEqual([c10.ngd, c10.gd, c10.ef], [3, 30, 24]);
});

test('ngd-invariance (quick): NGD and EF iterates invariant to rounding, GD changes', () => {
  const r = ngdInvariance.run(ngdInvariance.config({ quick: true, seed: 3 }), quiet) as Report;
  assertAllPass(r);
  assert.ok((r.results.ngd as { maxRelativeDeviation: number }).maxRelativeDeviation <= 1e-12);
});

test('empirical-fisher-pathology: 1-D trajectories match the reference; NGD wins a small lr × damping grid', () => {
  const cfg = { ...empiricalFisherPathology.config({ quick: true, seed: 0 }), lrGrid: [-2, 0, 1] as [number, number, number], dampingGrid: [-8, -2, 0.5] as [number, number, number], gridSteps: 60 };
  const r = empiricalFisherPathology.run(cfg, quiet) as Report;
  assertAllPass(r);
  const ef1 = (r.results.oneD as Record<string, { ef: number[] }>)['1']!.ef;
  assert.ok(Math.abs(ef1[1]! - 0.305) <= 1e-12);
});

test('mnist package digits load offline, pooled 2×2 to 14×14 with the right labels', async () => {
  const a = await loadMnistDigits(0, 3), b = await loadMnistDigits(0, 3, 2);
  assert.equal(a.features, 784); assert.equal(b.features, 196);
  assert.deepEqual(Array.from(a.labels), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9]);
  // pooling preserves the mean grey level of each image
  for (let i = 0; i < 30; i++) {
    let sa = 0, sb = 0;
    for (let j = 0; j < 784; j++) sa += a.X[i * 784 + j]!;
    for (let j = 0; j < 196; j++) sb += b.X[i * 196 + j]!;
    assert.ok(Math.abs(sa / 784 - sb / 196) <= 1e-12);
  }
});

test('kfac-mnist with an equal-steps budget: K-FAC reaches the lowest training loss', async () => {
  const base = kfacMnist.config({ quick: true, seed: 0 });
  const r = await (kfacMnist as Experiment<typeof base>).run({ ...base, trainPerDigit: 40, testPerDigit: 10, budgetSteps: 80, batchSize: 50, evaluations: 4 }, quiet);
  assertAllPass(r);
});
