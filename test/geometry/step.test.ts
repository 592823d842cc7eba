// The fused per-step path (geometryStep) against the operator path (metricOpt, angle, kappaMin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { NonFiniteError, ShapeError } from '../../src/errors.ts';
import { geometryStep, metricOpt, angle, kappaMin, NoMetricError } from '../../src/geometry/index.ts';

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, n = 0; for (let i = 0; i < a.length; i++) { d += (a[i]! - b[i]!) ** 2; n += b[i]! ** 2; } return Math.sqrt(d / n);
}

test('geometryStep equals metricOpt apply/solve, angle and κ_min (D = 1…10⁵)', () => {
  const rng = createRng('geometry-step');
  for (const D of [1, 2, 7, 1000, 100_000]) {
    for (const mix of [0.05, 1, 20]) {
      const g = rng.fillNormal(new Float64Array(D));
      const y = g.map((x) => x + mix * rng.normal());
      if (D === 1) y[0] = Math.abs(y[0]!) * Math.sign(g[0]!);
      let yg = 0; for (let i = 0; i < D; i++) yg += y[i]! * g[i]!;
      if (yg <= 0) continue;
      const v = rng.fillNormal(new Float64Array(D)), w = rng.fillNormal(new Float64Array(D));
      const oa = new Float64Array(D), os = new Float64Array(D);
      const r = geometryStep(y, g, v, w, oa, os);
      const M = metricOpt(y, g), a = angle(y, g);
      assert.ok(relErr(oa, M.apply(v)) <= 1e-13, `D=${D}: apply ${relErr(oa, M.apply(v))}`);
      assert.ok(relErr(os, M.solve(w)) <= 1e-12 * Math.max(1, M.conditionNumber() * 1e-3), `D=${D}: solve ${relErr(os, M.solve(w))}`);
      assert.ok(Math.abs(r.angle.psi - a.psi) <= 1e-14 * Math.max(1, a.psi / 1e-3), `D=${D}: ψ ${r.angle.psi} vs ${a.psi}`);
      assert.ok(Math.abs(r.kappaMin / M.conditionNumber() - 1) <= 1e-12);
      if (D > 1) assert.ok(Math.abs(r.kappaMin / kappaMin(a.psi) - 1) <= 1e-10);
      assert.ok(Math.abs(r.alpha / M.alpha - 1) <= 1e-13);
      // M g = y exactly through the fused path too
      geometryStep(y, g, g, y, oa, os);
      assert.ok(relErr(oa, y) <= 1e-15 && relErr(os, g) <= 1e-15);
    }
  }
});

test('geometryStep errors: ψ ≥ 90°, g = 0, NaN, lengths', () => {
  const o = new Float64Array(2);
  assert.throws(() => geometryStep(Float64Array.of(1, 0), Float64Array.of(-1, 1), Float64Array.of(1, 1), Float64Array.of(1, 1), o, o.slice()), NoMetricError);
  assert.throws(() => geometryStep(Float64Array.of(1, 0), Float64Array.of(0, 0), Float64Array.of(1, 1), Float64Array.of(1, 1), o, o.slice()), /update g is 0/);
  assert.throws(() => geometryStep(Float64Array.of(1, 0), Float64Array.of(1, 1), Float64Array.of(1, NaN), Float64Array.of(1, 1), o, o.slice()), (e: unknown) => e instanceof NonFiniteError && /v\[1\] is NaN/.test((e as Error).message));
  assert.throws(() => geometryStep(Float64Array.of(1, 0), Float64Array.of(1, 1), Float64Array.of(1), Float64Array.of(1, 1), o, o.slice()), ShapeError);
  // ∞ where y and g are 0 still poisons the sums (0·∞ = NaN): found and named
  const o3 = new Float64Array(3);
  assert.throws(() => geometryStep(Float64Array.of(1, 0, 1), Float64Array.of(1, 0, 2), Float64Array.of(1, 1, 1), Float64Array.of(0, Infinity, 0), o3, o3.slice()),
    (e: unknown) => e instanceof NonFiniteError && /w\[1\] is Infinity/.test((e as Error).message));
});
