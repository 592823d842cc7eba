// The noise-as-temperature experiments: quick configurations reproduce their reference numbers (Kramers: exact
// first-passage time; SGD: ησ²/(S·a·(2−ηa))), and small configurations of annealing and sgld-mixture run end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactMfpt, kramers, kramersTime } from '../../src/experiments/kramers.ts';
import { sgdTemperature } from '../../src/experiments/sgd-temperature.ts';
import { annealing, rastriginDepth } from '../../src/experiments/annealing.ts';
import { sgldMixture } from '../../src/experiments/sgld-mixture.ts';
import { experiments } from '../../src/experiments/index.ts';

const ctx = { progress: () => {} };

test('registered in the experiment registry', () => {
  for (const id of ['kramers', 'annealing', 'sgd-temperature', 'sgld-mixture']) assert.ok(experiments.some((e) => e.id === id), id);
});

test('Kramers time 1/k = 60.64 at T = 0.25; exact MFPT exceeds it by the O(T/ΔU) correction (≈ 14 %)', () => {
  assert.ok(Math.abs(kramersTime(0.25) - 60.64) < 0.01);
  assert.ok(Math.abs(kramersTime(0.1) - 2.447e4) < 5);
  const r = exactMfpt((x) => (x * x - 1) ** 2, 0.25) / kramersTime(0.25);
  assert.ok(r > 1.05 && r < 1.25, `ratio ${r}`);
  // The ratio tends to 1 as T → 0.
  assert.ok(Math.abs(exactMfpt((x) => (x * x - 1) ** 2, 0.1) / kramersTime(0.1) - 1) < r - 1);
});

test('kramers --quick: every check passes', async () => {
  const r = await kramers.run(kramers.config({ quick: true, seed: 0 }), ctx);
  for (const c of r.checks) assert.ok(c.pass, `${c.name}: expected ${c.expected}, measured ${c.measured}`);
  assert.equal(r.figures.length, 1);
});

test('sgd-temperature --quick: every check passes', async () => {
  const r = await sgdTemperature.run(sgdTemperature.config({ quick: true, seed: 1 }), ctx);
  for (const c of r.checks) assert.ok(c.pass, `${c.name}: expected ${c.expected}, measured ${c.measured}`);
});

test('annealing (small): quench below d* stays in the local well, slow cooling above d* escapes; Rastrigin depth', async () => {
  assert.ok(Math.abs(rastriginDepth() - 19.2563139) < 1e-6);
  const cfg = { seed: 0, cases: [{ problem: 'tilted-double-well' as const, cOverDstar: [0.4, 2.5], h: 0.02, steps: 20_000, particles: 200 }] };
  const r = await annealing.run(cfg, ctx);
  const o = (r.results['tilted-double-well'] as { outcomes: Array<{ success: number }> }).outcomes;
  assert.ok(o[0]!.success < 0.1 && o[1]!.success > 0.7, JSON.stringify(o));
});

test('sgld-mixture (small) runs the sgld rule through the runner and reports TV to the exact posterior', async () => {
  const cfg = { ...sgldMixture.config({ quick: true, seed: 0 }), sweeps: 100, chains: 1 };
  const r = await sgldMixture.run(cfg, ctx);
  const tv = r.results.tv as number;
  assert.ok(Number.isFinite(tv) && tv > 0 && tv < 1);
  assert.equal(r.checks.length, 5);
});
