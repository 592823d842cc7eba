// The minimum-nuclear-norm baseline: ADMM with a duality-gap certificate, checked on an analytic 2×2 completion,
// exact recovery, random feasible perturbations (no direction in 𝒞 lowers ‖X‖_*), box constraints and sensing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionConstraint, minNuclearNorm, nuclearNormOf, sensingConstraint } from '../../src/analysis/nuclear-norm.ts';
import { lowRankTruth, sampleWithoutReplacement } from '../../src/problems/matrix-completion.ts';
import { createRng } from '../../src/random/index.ts';

test('2×2 completion with (1,1) missing: X₁₁ = 1, ‖X‖_* = 2 (‖[[1,1],[1,x]]‖_* = √(3 + x² + 2|x − 1|))', () => {
  const res = minNuclearNorm(2, 2, completionConstraint(Int32Array.from([0, 1, 2]), Float64Array.from([1, 1, 1])));
  assert.ok(res.converged && res.relativeGap <= 1e-6, `relative gap ${res.relativeGap}`);
  // The objective is flat (quadratic) to the left of x = 1, so a 1e-6 gap pins x only to ~√1e-6.
  assert.ok(Math.abs(res.X[3]! - 1) < 3e-3, `X₁₁ = ${res.X[3]}`);
  assert.ok(Math.abs(res.nuclearNorm - 2) < 1e-5, `‖X‖_* = ${res.nuclearNorm}`);
});

test('completion: relative duality gap ≤ 1e-6, X feasible, and no feasible direction decreases ‖X‖_*', () => {
  const n = 12, W = lowRankTruth(n, n, 2, createRng(1));
  const idx = sampleWithoutReplacement(n * n, 60, createRng(2));
  const vals = Float64Array.from(idx, (i) => W[i]!);
  const C = completionConstraint(idx, vals);
  const res = minNuclearNorm(n, n, C);
  assert.ok(res.converged && res.relativeGap <= 1e-6 && res.gap >= -1e-9, `gap ${res.gap}, relative ${res.relativeGap}, ${res.iterations} iterations`);
  assert.equal(C.violation(res.X), 0, 'X satisfies the constraints exactly');
  assert.ok(res.violationZ < 1e-3, `Z violation ${res.violationZ}`);
  const obs = new Set(idx);
  const r = createRng(3);
  for (let t = 0; t < 20; t++) {
    const D = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) if (!obs.has(i)) D[i] = r.normal();
    for (const eps of [1e-2, -1e-2]) {
      const Y = res.X.map((x, i) => x + eps * D[i]!);
      const v = nuclearNormOf(Y, n, n);
      assert.ok(v >= res.nuclearNorm * (1 - 2e-6), `perturbation ${t} (ε = ${eps}) lowers ‖X‖_*: ${v} < ${res.nuclearNorm}`);
    }
  }
});

test('completion with plenty of observations recovers the rank-2 truth; box constraints |X − M| ≤ δ hold', () => {
  const n = 12, W = lowRankTruth(n, n, 2, createRng(4));
  const idx = sampleWithoutReplacement(n * n, 110, createRng(5));
  const vals = Float64Array.from(idx, (i) => W[i]!);
  const res = minNuclearNorm(n, n, completionConstraint(idx, vals));
  let err = 0;
  for (let i = 0; i < n * n; i++) err = Math.max(err, Math.abs(res.X[i]! - W[i]!));
  assert.ok(err < 1e-4, `max |X − W*| = ${err}`);
  const box = minNuclearNorm(n, n, completionConstraint(idx, vals, 1e-3));
  assert.ok(box.converged && box.relativeGap <= 1e-6, `box relative gap ${box.relativeGap}`);
  for (let k = 0; k < idx.length; k++) assert.ok(Math.abs(box.X[idx[k]!]! - vals[k]!) <= 1e-3 + 1e-15, `box entry ${k}`);
  assert.ok(box.nuclearNorm <= res.nuclearNorm + 1e-9, 'a looser constraint cannot raise the optimum');
});

test('sensing: 𝒜(X) = y to rounding and relative duality gap ≤ 1e-6', () => {
  const n = 5, m = 12, d = n * n, rng = createRng(6);
  const A = rng.fillNormal(new Float64Array(m * d), 0, 1 / n);
  const W = lowRankTruth(n, n, 1, rng.fork('w'));
  const y = new Float64Array(m);
  for (let k = 0; k < m; k++) for (let i = 0; i < d; i++) y[k]! += A[k * d + i]! * W[i]!;
  const C = sensingConstraint(A, y, d);
  const res = minNuclearNorm(n, n, C);
  assert.ok(res.converged && res.relativeGap <= 1e-6 && res.gap >= -1e-9, `gap ${res.gap}, relative ${res.relativeGap}`);
  assert.ok(C.violation(res.X) < 1e-10, `violation ${C.violation(res.X)}`);
  assert.ok(res.nuclearNorm <= nuclearNormOf(W, n, n) + 1e-6, 'the truth is feasible, so the optimum is no larger');
});
