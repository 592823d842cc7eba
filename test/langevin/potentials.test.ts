// Potentials and temperature schedules: closed-form gradients vs central differences, batch loops vs single
// evaluations, the tilted double well's critical points (anchors-science §3.2), and the schedule formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProblem } from '../../src/problems/index.ts';
import { batchPotential } from '../../src/problems/potentials/potential.ts';
import { tiltedCriticalPoints } from '../../src/problems/potentials/tilted-double-well.ts';
import { createTemperatureSchedule } from '../../src/dynamics/temperature.ts';
import { createRng } from '../../src/random/index.ts';
import { ConfigError, NotPositiveDefiniteError } from '../../src/errors.ts';

const CASES = [
  { id: 'double-well', height: 1.5 },
  { id: 'tilted-double-well' },
  { id: 'gaussian', mean: [1, -2], variance: [0.5, 2] },
  { id: 'gaussian', cov: [[2, 0.3, 0], [0.3, 1, -0.2], [0, -0.2, 0.7]] },
  { id: 'gaussian-mixture', means: [[0, 1], [1, -1]], variances: [[0.5, 0.5], [1, 2]], weights: [1, 3] },
];

test('gradients match central differences and batch loops match single evaluations', () => {
  for (const c of CASES) {
    const p = createProblem(c, createRng(0));
    const rng = createRng(7), d = p.dim, n = 5;
    const xs = rng.fillNormal(new Float64Array(n * d));
    const be = new Float64Array(n), bg = new Float64Array(n * d);
    const batch = batchPotential(p)!;
    batch.energy(xs, n, be); batch.grad(xs, n, bg);
    for (let k = 0; k < n; k++) {
      const x = xs.slice(k * d, k * d + d);
      const g = p.grad(x);
      assert.ok(Math.abs(be[k]! - p.loss(x)) < 1e-12 * (1 + Math.abs(be[k]!)), c.id);
      for (let i = 0; i < d; i++) {
        const e = 1e-6, xp = x.slice(), xm = x.slice();
        xp[i] += e; xm[i] -= e;
        const fd = (p.loss(xp) - p.loss(xm)) / (2 * e);
        assert.ok(Math.abs(fd - g[i]!) < 1e-6 * (1 + Math.abs(g[i]!)), `${c.id} ∂${i}: ${g[i]} vs ${fd}`);
        assert.ok(Math.abs(bg[k * d + i]! - g[i]!) < 1e-12 * (1 + Math.abs(g[i]!)));
      }
    }
  }
});

test('tilted double well (s = 0.25): critical points and depth d* = 0.761865 (anchors-science §3.2)', () => {
  const [gmin, barrier, lmin] = tiltedCriticalPoints(0.25);
  const p = createProblem({ id: 'tilted-double-well' }, createRng(0));
  const U = (x: number) => p.loss(Float64Array.of(x));
  assert.ok(Math.abs(gmin! + 1.029896) < 1e-6 && Math.abs(barrier! - 0.062747) < 1e-6 && Math.abs(lmin! - 0.967149) < 1e-6);
  assert.ok(Math.abs(U(gmin!) + 0.253791) < 1e-6 && Math.abs(U(barrier!) - 1.007828) < 1e-6 && Math.abs(U(lmin!) - 0.245963) < 1e-6);
  assert.ok(Math.abs(U(barrier!) - U(lmin!) - 0.761865) < 1e-6);
  assert.deepEqual(p.minima!.map((m) => m.global), [true, false]);
});

test('gaussian-mixture energy is −log of a normalised density; gaussian rejects a non-PD covariance', () => {
  const p = createProblem({ id: 'gaussian-mixture' }, createRng(0)); // modes ±2, unit variances
  let z = 0; const h = 1e-3;
  for (let x = -15; x <= 15; x += h) z += Math.exp(-p.loss(Float64Array.of(x))) * h;
  assert.ok(Math.abs(z - 1) < 1e-6, `∫e^{−U} = ${z}`);
  assert.throws(() => createProblem({ id: 'gaussian', cov: [[1, 2], [2, 1]] }, createRng(0)), NotPositiveDefiniteError);
  assert.throws(() => createProblem({ id: 'gaussian', mean: [0, 0], variance: [1] }, createRng(0)), ConfigError);
});

test('temperature schedules: logarithmic c/log(k + 1) with k = t + 1, geometric, linear, list', () => {
  const log = createTemperatureSchedule({ id: 'logarithmic', c: 0.8 });
  assert.equal(log(0, 5), 0.8 / Math.log(2));
  assert.equal(log(99, 5), 0.8 / Math.log(101));
  const geo = createTemperatureSchedule({ id: 'geometric', alpha: 0.5 });
  assert.equal(geo(3, 2), 0.25);
  const lin = createTemperatureSchedule({ id: 'linear', end: 0, duration: 10 });
  assert.equal(lin(5, 2), 1);
  assert.equal(lin(10, 2), 0);
  assert.equal(lin(50, 2), 0);
  const list = createTemperatureSchedule({ id: 'list', values: [3, 2, 1], every: 2 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map((t) => list(t, 9)), [3, 3, 2, 2, 1, 1, 1]);
  assert.throws(() => createTemperatureSchedule({ id: 'cosine' }), (e: unknown) => e instanceof ConfigError && /accepted: constant, logarithmic/.test(e.message));
  assert.throws(() => createTemperatureSchedule({ id: 'geometric', alpha: 1.5 }), ConfigError);
});
