// Oja's rule on the pca problem: the loss and its gradient, and the claim that Oja's update is a descent direction
// for L(w) = −wᵀCw/‖w‖² + c(‖w‖² − 1)² everywhere (so NGD with a metric), with the closed form of −∇L·g.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { run } from '../../src/dynamics/runner.ts';
import { oja } from '../../src/rules/oja.ts';
import { analyzeTrajectory, angle, metricOpt } from '../../src/geometry/index.ts';
import { ConfigError } from '../../src/errors.ts';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; }

test('pca problem: gradient against finite differences, minimisers at ±the top eigenvector with L = −λ_max', () => {
  const p = createProblem({ id: 'pca', examples: 300, normWeight: 0.7 }, createRng(3));
  const rng = createRng(4);
  for (let t = 0; t < 10; t++) {
    const w = rng.fillNormal(new Float64Array(p.dim));
    const g = p.grad(w);
    for (let i = 0; i < p.dim; i++) {
      const h = 1e-6, a = w.slice(), b = w.slice(); a[i] = a[i]! + h; b[i] = b[i]! - h;
      const fd = (p.loss(a) - p.loss(b)) / (2 * h);
      assert.ok(Math.abs(fd - g[i]!) <= 1e-6 * Math.max(1, Math.abs(fd)), `∂${i}: ${fd} vs ${g[i]}`);
    }
  }
  const lam = (p.hooks as { eigenvalues: number[] }).eigenvalues;
  for (const m of p.minima!) {
    const w = Float64Array.from(m.theta);
    assert.ok(Math.abs(p.loss(w) + lam[lam.length - 1]!) <= 1e-12);
    assert.ok(Math.hypot(...p.grad(w)) <= 1e-10);
  }
});

test("Oja's update is a descent direction for the pca loss at every w: −∇L·g matches its closed form and is ≥ 0", () => {
  const c = 0.7;
  const p = createProblem({ id: 'pca', examples: 300, normWeight: c }, createRng(5));
  const C = (p.hooks as { covariance: Float64Array }).covariance, d = p.dim;
  const rule = oja.create({ lr: 1 });
  const rng = createRng(6);
  for (let t = 0; t < 300; t++) {
    const w = rng.fillNormal(new Float64Array(d), 0, Math.exp(1.5 * rng.normal()));
    const ctx = { step: 0, theta: w, hyper: rule.hyper, batch: undefined, problem: p, rng };
    const g = rule.update(ctx as never, { step: 0 }).delta.slice();
    const y = p.grad(w).map((v) => -v);
    const Cw = Float64Array.from({ length: d }, (_, i) => dot(C.subarray(i * d, (i + 1) * d), w));
    const ww = dot(w, w), wCw = dot(w, Cw);
    // g = Cw − (wᵀCw) w
    for (let i = 0; i < d; i++) assert.ok(Math.abs(g[i]! - (Cw[i]! - wCw * w[i]!)) <= 1e-12 * (Math.abs(Cw[i]!) + Math.abs(wCw * w[i]!) + 1e-300));
    const closed = (2 / ww) * (dot(Cw, Cw) - wCw * wCw / ww) + 4 * c * wCw * (ww - 1) ** 2;
    const yg = dot(y, g);
    assert.ok(Math.abs(yg - closed) <= 1e-9 * (Math.abs(closed) + 1e-12), `yᵀg ${yg} vs ${closed}`);
    assert.ok(closed >= 0);
    const a = angle(y, g);
    assert.ok(a.psiDeg < 90);
    const M = metricOpt(y, g);
    const Mg = M.apply(g);
    assert.ok(Math.hypot(...Mg.map((v, i) => v - y[i]!)) <= 1e-12 * Math.hypot(...y));
  }
  assert.throws(() => oja.create({}).init(new Float64Array(2), { problem: createProblem({ id: 'rosenbrock' }, createRng(0)), rng: createRng(0) }), ConfigError);
});

test("Oja's rule through the runner finds the top component; every step before convergence is NGD on the pca loss", () => {
  const p = createProblem({ id: 'pca' }, createRng(7));
  const t = run({ problem: p, rule: oja.create({ lr: 0.05 }), steps: 600, seed: 2, record: ['theta', 'loss', 'grad', 'update'] });
  const w = t.theta!.subarray(600 * p.dim, 601 * p.dim);
  const top = p.minima![0]!.theta;
  assert.ok(Math.abs(dot(w, top)) / Math.hypot(...w) > 0.9999, `alignment ${Math.abs(dot(w, top)) / Math.hypot(...w)}`);
  assert.ok(Math.abs(Math.hypot(...w) - 1) < 1e-3);
  const geo = analyzeTrajectory({ dim: p.dim, steps: 600, theta: t.theta!, grad: t.grad!, update: t.update!, lr: 0.05 });
  // no step is ever a non-descent direction; once w has converged to rounding, Oja's δ is exactly 0 while ∇L is at
  // rounding level, which is flagged as 'zero-update' rather than given a metric
  assert.equal(geo.summary.notDescent, 0);
  assert.ok(geo.summary.effective >= 300);
  const lossMin = p.minima![0]!.loss;
  geo.status.forEach((s, k) => {
    if (s !== 'effective') { assert.equal(s, 'zero-update'); assert.ok(t.loss![k]! - lossMin <= 1e-12, `step ${k}: loss ${t.loss![k]} vs ${lossMin}`); }
  });
  assert.ok(geo.summary.psiMax < 90);
});
