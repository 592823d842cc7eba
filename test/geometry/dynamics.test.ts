// Stochastic (averaged update, reference §2.10), time-varying (§2.8), windowed (§2.7, R-LTI-1 numbers) and
// higher-order (§2.11, heavy ball with the strict Lyapunov function) constructions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { eigh } from '../../src/linalg/index.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import {
  averagedUpdate, normalQuantile, timeAugmented, metricAtTime, windowedLoss, windowedLossDiscrete, heavyBall, firstOrderForm,
  NoMetricError, metricOpt,
} from '../../src/geometry/index.ts';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; }
function nrm(a: ArrayLike<number>): number { return Math.sqrt(dot(a, a)); }
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number { let d = 0; for (let i = 0; i < a.length; i++) d += (a[i]! - b[i]!) ** 2; return Math.sqrt(d) / nrm(b); }

test('normalQuantile matches tabulated values', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) <= 1e-8);
  assert.ok(Math.abs(normalQuantile(0.995) - 2.5758293035489) <= 1e-8);
  assert.ok(Math.abs(normalQuantile(0.01) + 2.326347874040841) <= 1e-8);
  assert.equal(normalQuantile(0.5), 0);
  assert.throws(() => normalQuantile(1), InvalidArgumentError);
});

test('per-example averaging: the exact dataset mean, a zero-width interval, and the non-descent fraction', () => {
  // linear regression: per-example updates g_i = −(xᵢᵀθ − tᵢ) xᵢ average to the full-batch −∇L
  const rng = createRng('geometry-per-example');
  const N = 200, D = 6;
  const X = Array.from({ length: N }, () => rng.fillNormal(new Float64Array(D)));
  const t = Float64Array.from({ length: N }, () => rng.normal());
  const theta = rng.fillNormal(new Float64Array(D));
  const updates = X.map((x, i) => { const r = dot(x, theta) - t[i]!; return x.map((v) => -r * v); });
  const y = new Float64Array(D);
  for (const u of updates) for (let j = 0; j < D; j++) y[j] = y[j]! + u[j]! / N; // y = −∇L = mean update for this rule
  const res = averagedUpdate(y, N, (i) => updates[i]!, { mode: 'per-example' });
  assert.ok(relErr(res.mean, y) <= 1e-13);
  assert.equal(res.interval[0], res.interval[1]);
  assert.equal(res.effective, 'yes');
  const nonDescent = updates.filter((u) => dot(u, y) <= 0).length;
  assert.equal(res.nonDescentFraction, nonDescent / N);
  assert.ok(nonDescent > 0, 'some single-example updates are not descent directions');
  assert.ok(Math.abs(res.angle!.psi) <= 1e-7);
  assert.ok(relErr(res.metric!.apply(res.mean), y) <= 1e-12);
  // the trace of the update covariance, against a two-pass computation
  let tr = 0;
  for (const u of updates) for (let j = 0; j < D; j++) tr += (u[j]! - y[j]!) ** 2;
  assert.ok(Math.abs(res.noiseTrace / (tr / (N - 1)) - 1) <= 1e-12);
});

test('repeated draws: the 95% interval on yᵀḡ covers the true value ≈ 95% of the time; effective yes / no / undetermined', () => {
  const rng = createRng('geometry-draws');
  const D = 5, n = 400, trials = 300;
  const y = Float64Array.of(1, -0.5, 0.2, 0, 2);
  const gTrue = Float64Array.of(0.3, 0.1, -0.2, 1, 0.4);
  const truth = dot(y, gTrue);
  let covered = 0;
  const buf = new Float64Array(D);
  for (let k = 0; k < trials; k++) {
    const r = averagedUpdate(y, n, () => { for (let j = 0; j < D; j++) buf[j] = gTrue[j]! + 2 * rng.normal(); return buf; });
    if (r.interval[0] <= truth && truth <= r.interval[1]) covered++;
    if (k === 0) {
      assert.ok(Math.abs(r.noiseTrace / (4 * D) - 1) < 0.15, `noise trace ${r.noiseTrace} vs ${4 * D}`);
      assert.ok(r.nonDescentFraction > 0.2 && r.nonDescentFraction < 0.8);
    }
  }
  assert.ok(covered / trials > 0.91 && covered / trials < 0.98, `coverage ${covered / trials}`);
  const draw = (mean: Float64Array, sd: number) => () => mean.map((v) => v + sd * rng.normal());
  assert.equal(averagedUpdate(y, 500, draw(y, 0.5)).effective, 'yes');
  assert.equal(averagedUpdate(y, 500, draw(y.map((v) => -v), 0.5)).effective, 'no');
  const r0 = averagedUpdate(y, 50, draw(Float64Array.of(0, 0, 0, 1, 0), 3));
  assert.equal(r0.effective, 'undetermined');
  assert.match(r0.explanation, /contains 0/);
  assert.throws(() => averagedUpdate(y, 1, draw(y, 1)), InvalidArgumentError);
  assert.throws(() => averagedUpdate(y, 10, draw(y, 1), { confidence: 1 }), InvalidArgumentError);
});

test('time-varying loss: point-wise fails when ∂_tL does the work, the time-augmented metric exists', () => {
  // L(θ, t) = e^{−t} ½‖θ‖², g = 0.1 θ (moving away): ∇_θLᵀg > 0 but dL/dt = e^{−t}‖θ‖²(0.1 − 0.5) < 0
  const theta = Float64Array.of(0.5, -1, 2), t = 0.7;
  const gradTheta = theta.map((v) => Math.exp(-t) * v);
  const dtL = -Math.exp(-t) * dot(theta, theta) / 2;
  const g = theta.map((v) => 0.1 * v);
  assert.throws(() => metricAtTime(gradTheta, g), NoMetricError);
  const aug = timeAugmented(gradTheta, dtL, g);
  assert.equal(aug.status, 'effective');
  assert.ok(Math.abs(aug.dLdt - Math.exp(-t) * dot(theta, theta) * (0.1 - 0.5)) <= 1e-15);
  assert.equal(aug.g.length, 4);
  assert.ok(relErr(aug.metric!.apply(aug.g), aug.y) <= 1e-13);
  // with ∂_tL = 0 and the same outward update the total derivative is positive: reported, no metric
  const bad = timeAugmented(gradTheta, 0, g);
  assert.equal(bad.status, 'not-descent');
  assert.equal(bad.metric, undefined);
  // point-wise works for a descent update
  const M = metricAtTime(gradTheta, theta.map((v) => -v));
  assert.ok(relErr(M.apply(theta.map((v) => -v)), gradTheta.map((v) => -v)) <= 1e-13);
});

// R-LTI-1: A = [[−1, 10], [0, −2]]; e^{At} in closed form for this upper-triangular A
const A = [[-1, 10], [0, -2]] as const;
const expAt = (t: number) => [[Math.exp(-t), 10 * (Math.exp(-t) - Math.exp(-2 * t))], [0, Math.exp(-2 * t)]];
const linear = {
  field: (x: Float64Array) => Float64Array.of(A[0][0] * x[0]! + A[0][1] * x[1]!, A[1][0] * x[0]! + A[1][1] * x[1]!),
  fieldVjp: (_x: Float64Array, v: Float64Array) => Float64Array.of(A[0][0] * v[0]! + A[1][0] * v[1]!, A[0][1] * v[0]! + A[1][1] * v[1]!),
  loss: (x: Float64Array) => dot(x, x) / 2,
  grad: (x: Float64Array) => x.slice(),
};

test('windowed loss, R-LTI-1: Aᵀ W_T + W_T A = (e^{AᵀT}e^{AT} − I)/T, eigenvalues ≈ −0.400 and −0.170 at T = 2.5', () => {
  const T = 2.5;
  // ∇L_T(θ) = W_T θ for L = ½‖θ‖²: read W_T off the basis vectors
  const c0 = windowedLoss(linear, [1, 0], T, 2000).grad, c1 = windowedLoss(linear, [0, 1], T, 2000).grad;
  const W = [[c0[0]!, c1[0]!], [c0[1]!, c1[1]!]];
  const E = expAt(T);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
    let lhs = 0, ete = 0;
    for (let k = 0; k < 2; k++) { lhs += A[k]![i]! * W[k]![j]! + W[i]![k]! * A[k]![j]!; ete += E[k]![i]! * E[k]![j]!; }
    const rhs = (ete - (i === j ? 1 : 0)) / T;
    assert.ok(Math.abs(lhs - rhs) <= 1e-9, `(${i},${j}): ${lhs} vs ${rhs}`); // RK4 + Simpson: O(h⁴)
  }
  const K = new Float64Array(4);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) { let s = 0; for (let k = 0; k < 2; k++) s += E[k]![i]! * E[k]![j]!; K[i * 2 + j] = (s - (i === j ? 1 : 0)) / T; }
  const ev = eigh({ rows: 2, cols: 2, data: K }).values;
  assert.ok(Math.abs(ev[0]! + 0.400) < 5e-4 && Math.abs(ev[1]! + 0.170) < 5e-4, `eigenvalues ${ev}`);
  // ½‖θ‖² is not effective at θ = (1, 1) (yᵀg = −7) but the windowed loss is, and gets a metric
  const th = Float64Array.of(1, 1), g = linear.field(th);
  assert.equal(dot(th.map((v) => -v), g), -7);
  const wl = windowedLoss(linear, th, T, 2000);
  const y = wl.grad.map((v) => -v);
  assert.ok(Math.abs(dot(wl.grad, g) - wl.rate) <= 1e-9 * Math.abs(wl.rate), `∇L_T·g = ${dot(wl.grad, g)} vs rate ${wl.rate}`);
  assert.ok(wl.rate < 0);
  const M = metricOpt(y, g);
  assert.ok(relErr(M.apply(g), y) <= 1e-13);
});

test('windowed loss on a nonlinear flow: gradient against finite differences and ∇L_T·g = [L(φ_T θ) − L(θ)]/T', () => {
  const rule = {
    field: (x: Float64Array) => Float64Array.of(-x[0]! + 2 * x[1]! - x[0]! ** 3, -x[1]! - x[0]! + 0.5 * Math.sin(x[0]!)),
    fieldVjp: (x: Float64Array, v: Float64Array) => Float64Array.of(
      (-1 - 3 * x[0]! ** 2) * v[0]! + (-1 + 0.5 * Math.cos(x[0]!)) * v[1]!, 2 * v[0]! - v[1]!),
    loss: (x: Float64Array) => Math.log1p(x[0]! ** 2) + x[1]! ** 2 + 0.1 * x[0]! * x[1]!,
    grad: (x: Float64Array) => Float64Array.of(2 * x[0]! / (1 + x[0]! ** 2) + 0.1 * x[1]!, 2 * x[1]! + 0.1 * x[0]!),
  };
  const th = Float64Array.of(0.8, -0.6), T = 1.5, steps = 300;
  const w = windowedLoss(rule, th, T, steps);
  for (let i = 0; i < 2; i++) {
    const h = 1e-6, p = th.slice(), m = th.slice();
    p[i] = p[i]! + h; m[i] = m[i]! - h;
    const fd = (windowedLoss(rule, p, T, steps).value - windowedLoss(rule, m, T, steps).value) / (2 * h);
    assert.ok(Math.abs(fd - w.grad[i]!) <= 1e-7 * Math.max(1, Math.abs(fd)), `∂_${i}: fd ${fd} vs ${w.grad[i]}`);
  }
  assert.ok(Math.abs(dot(w.grad, rule.field(th)) - w.rate) <= 1e-7 * Math.abs(w.rate));
  assert.throws(() => windowedLoss(rule, th, T, 3), InvalidArgumentError);
  assert.throws(() => windowedLoss(rule, th, 0), InvalidArgumentError);
});

test('discrete windowed loss: L_K(θ₁) − L_K(θ₀) = [L(θ_K) − L(θ₀)]/K exactly, gradient against finite differences', () => {
  const eta = 0.05;
  const rule = {
    step: (x: Float64Array) => { const f = linear.field(x); return x.map((v, i) => v + eta * f[i]!); },
    stepVjp: (x: Float64Array, v: Float64Array) => { const f = linear.fieldVjp(x, v); return v.map((u, i) => u + eta * f[i]!); },
    loss: (x: Float64Array) => Math.cosh(x[0]!) + x[1]! ** 4 / 4 + x[0]! * x[1]!,
    grad: (x: Float64Array) => Float64Array.of(Math.sinh(x[0]!) + x[1]!, x[1]! ** 3 + x[0]!),
  };
  const th0 = Float64Array.of(0.7, -0.3), K = 12;
  const w0 = windowedLossDiscrete(rule, th0, K), w1 = windowedLossDiscrete(rule, rule.step(th0), K);
  assert.ok(Math.abs((w1.value - w0.value) - w0.rate) <= 1e-14);
  for (let i = 0; i < 2; i++) {
    const h = 1e-6, p = th0.slice(), m = th0.slice();
    p[i] = p[i]! + h; m[i] = m[i]! - h;
    const fd = (windowedLossDiscrete(rule, p, K).value - windowedLossDiscrete(rule, m, K).value) / (2 * h);
    assert.ok(Math.abs(fd - w0.grad[i]!) <= 1e-8, `∂_${i}: fd ${fd} vs ${w0.grad[i]}`);
  }
  assert.throws(() => windowedLossDiscrete(rule, th0, 0), InvalidArgumentError);
});

test('heavy ball: E_ε = L + ½‖v‖² + ε vᵀ∇L decreases strictly at every sampled state (ε = 0.02, γ = 1, ‖H‖ ≈ 22)', () => {
  const rng = createRng('geometry-heavy-ball');
  const D = 4;
  // H = Q diag(0.5, 3, 10, 22) Qᵀ
  const Qraw = Array.from({ length: D }, () => rng.fillNormal(new Float64Array(D)));
  const Q: Float64Array[] = [];
  for (const v of Qraw) { const u = v.slice(); for (const q of Q) { const k = dot(u, q); for (let i = 0; i < D; i++) u[i] = u[i]! - k * q[i]!; } const n = nrm(u); Q.push(u.map((x) => x / n)); }
  const lam = [0.5, 3, 10, 22];
  const H = new Float64Array(D * D);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) { let s = 0; for (let k = 0; k < D; k++) s += lam[k]! * Q[k]![i]! * Q[k]![j]!; H[i * D + j] = s; }
  const Hv = (v: Float64Array) => Float64Array.from({ length: D }, (_, i) => { let s = 0; for (let j = 0; j < D; j++) s += H[i * D + j]! * v[j]!; return s; });
  const loss = (t: Float64Array) => dot(t, Hv(t)) / 2;
  const gamma = 1, eps = 0.02;
  const hb = heavyBall(D, { loss, grad: Hv, hvp: (_t, v) => Hv(v), gamma, eps });
  const hbFd = heavyBall(D, { loss, grad: Hv, gamma, eps });
  let worst = -Infinity;
  for (let k = 0; k < 3000; k++) {
    const z = rng.fillNormal(new Float64Array(2 * D), 0, Math.exp(2 * rng.uniform() - 1));
    if (k % 10 === 0) z.fill(0, D); // v = 0, where the plain energy is not strict
    const p = hb.analyze(z);
    const th = z.subarray(0, D), v = z.subarray(D), gr = Hv(th.slice());
    const bound = -(gamma - eps * 22 - eps * gamma * gamma / 2) * dot(v, v) - (eps / 2) * dot(gr, gr);
    assert.ok(p.dEdt <= bound * (1 - 1e-12) + 1e-300, `Ė_ε = ${p.dEdt} above the bound ${bound}`);
    assert.equal(p.status, 'effective');
    assert.ok(relErr(p.metric!.apply(p.g), p.y) <= 1e-12);
    worst = Math.max(worst, p.dEdt);
    if (k < 20) assert.ok(relErr(hbFd.analyze(z).y, p.y) <= 1e-6, 'finite-difference hvp');
  }
  assert.ok(worst < 0);
  // Ė_ε against a finite difference of E_ε along the field
  const z = rng.fillNormal(new Float64Array(2 * D));
  const f = hb.field(z), h = 1e-6;
  const fd = (hb.lyapunov(z.map((x, i) => x + h * f[i]!)) - hb.lyapunov(z.map((x, i) => x - h * f[i]!))) / (2 * h);
  assert.ok(Math.abs(fd - hb.analyze(z).dEdt) <= 1e-6 * Math.abs(fd));
  // ε = 0 at v = 0: Ė = 0, ψ = 90°, reported as no metric
  const plain = heavyBall(D, { loss, grad: Hv, gamma, eps: 0 });
  const z0 = new Float64Array(2 * D); z0.set(rng.fillNormal(new Float64Array(D)));
  const p0 = plain.analyze(z0);
  assert.equal(p0.status, 'not-descent');
  assert.equal(p0.metric, undefined);
  assert.equal(p0.dEdt, 0);
  // the generic first-order form reproduces the heavy-ball field
  const fo = firstOrderForm(2, D, ([th, v]) => Hv(th!).map((gi, i) => -gamma * v![i]! - gi));
  assert.deepEqual(Array.from(fo(z)), Array.from(hb.field(z)));
  assert.throws(() => heavyBall(D, { loss, grad: Hv, gamma: 0, eps }), InvalidArgumentError);
});
