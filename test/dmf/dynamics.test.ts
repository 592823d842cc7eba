// Deep factorisation dynamics against closed forms: the commuting (diagonal) case, where each singular value of
// W follows the scalar gradient flow σ̇ = (2N/m)·(y − σ)·σ^{2−2/N} (Arora et al. 2019 Thm 3 with ℓ = mean of squares,
// no ½): depth 2 has σ(t) = y / (1 + (y/σ₀ − 1)·e^{−(4/m)·y·t}); depth 3 is compared with RK4 on the scalar ODE.
// GD at step η follows the flow to O(η), so halving η must halve the gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sensingProblem } from '../../src/problems/matrix-sensing.ts';
import { createRng } from '../../src/random/index.ts';
import { createRule } from '../../src/rules/index.ts';
import { FactorizationStepper, trainFactorization } from '../../src/experiments/dmf-train.ts';
import { createProblem } from '../../src/problems/index.ts';
import type { DmfProblem } from '../../src/problems/matrix-completion.ts';

const Y = [2, 1, 0.5];
const n = Y.length, m = n;

/** Sensing with A_k = e_k e_kᵀ (commuting measurements of the diagonal). */
function diagonalProblem(depth: number) {
  const A = new Float64Array(m * n * n);
  for (let k = 0; k < m; k++) A[k * n * n + k * n + k] = 1;
  return sensingProblem({ rows: n, cols: n, depth, measurements: A, targets: Float64Array.from(Y), init: 'identity', initScale: 1e-2 });
}

/** GD on the factors; returns diag(W) at times `ts` (t = step·η). */
function gdDiagonal(depth: number, eta: number, ts: number[]): number[][] {
  const p = diagonalProblem(depth);
  let theta = p.init(createRng(0));
  const g = new Float64Array(p.dim);
  const out: number[][] = [];
  let step = 0;
  for (const t of ts) {
    const target = Math.round(t / eta);
    for (; step < target; step++) {
      p.valueAndGrad!(theta, undefined, g);
      for (let i = 0; i < p.dim; i++) theta[i] = theta[i]! - eta * g[i]!;
    }
    const W = p.product(theta);
    out.push(Y.map((_, k) => W[k * n + k]!));
    theta = theta.slice();
  }
  return out;
}

const depth2 = (y: number, s0: number, t: number) => y / (1 + (y / s0 - 1) * Math.exp(-(4 / m) * y * t));

function rk4(depth: number, y: number, s0: number, t: number, h = 1e-3): number {
  const f = (s: number) => ((2 * depth) / m) * (y - s) * s ** (2 - 2 / depth);
  let s = s0;
  const steps = Math.round(t / h);
  for (let i = 0; i < steps; i++) {
    const k1 = f(s), k2 = f(s + 0.5 * h * k1), k3 = f(s + 0.5 * h * k2), k4 = f(s + h * k3);
    s += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return s;
}

test('depth-2 diagonal case: GD singular values follow σ(t) = y/(1 + (y/σ₀ − 1)e^{−4yt/m}), error O(η)', () => {
  const ts = [2, 4, 6, 8, 12, 20];
  const gap = (eta: number) => {
    const got = gdDiagonal(2, eta, ts);
    let worst = 0;
    ts.forEach((t, i) => Y.forEach((y, k) => { worst = Math.max(worst, Math.abs(got[i]![k]! - depth2(y, 1e-2, t))); }));
    return worst;
  };
  const g1 = gap(2e-3), g2 = gap(1e-3);
  assert.ok(g2 <= 5e-3, `max |σ_GD − σ(t)| = ${g2} at η = 1e-3`);
  assert.ok(g1 / g2 > 1.7 && g1 / g2 < 2.3, `gap ratio η=2e-3 / η=1e-3 = ${g1 / g2}; O(η) gives 2`);
  // Incremental learning: at t = 4 the largest target is learned, the smallest still near σ₀.
  const at4 = gdDiagonal(2, 1e-3, [4])[0]!;
  assert.ok(at4[0]! > 1.9 && at4[2]! < 0.15, `σ at t = 4: ${at4}`);
});

test('depth-3 diagonal case: GD follows the scalar flow σ̇ = (6/m)(y − σ)σ^{4/3} (RK4 reference)', () => {
  const ts = [2, 5, 10, 20];
  const got = gdDiagonal(3, 1e-3, ts);
  let worst = 0;
  ts.forEach((t, i) => Y.forEach((y, k) => { worst = Math.max(worst, Math.abs(got[i]![k]! - rk4(3, y, 1e-2, t))); }));
  assert.ok(worst <= 1e-2, `max |σ_GD − σ_RK4| = ${worst}`);
});

test('trainFactorization stops at the train-loss threshold, logs every k steps, and conserves balancedness to O(η²)', () => {
  const p = diagonalProblem(2);
  const res = trainFactorization(p, createRule('gd', { lr: 0.05 }), p.initWith('balanced', 1e-2, createRng(3)), { maxSteps: 100000, trainThreshold: 1e-8, logEvery: 50 });
  assert.ok(res.converged && res.final.trainLoss <= 1e-8, `converged with loss ${res.final.trainLoss}`);
  assert.ok(p.loss(p.init(createRng(0))) > 1e-8, 'the threshold is not met at the start');
  assert.equal(res.log.step[1], 50, 'logged every 50 steps');
  assert.equal(res.log.step.at(-1), res.steps, 'the final step is logged');
  assert.ok(res.final.balancedness < 3e-3, `balancedness after training ${res.final.balancedness}`);
  // Identity init stays diagonal: W → diag(y), so ‖W‖_* = 3.5 and erank = exp(H(y/Σy)).
  const diag = trainFactorization(p, createRule('gd', { lr: 0.05 }), p.init(createRng(0)), { maxSteps: 100000, trainThreshold: 1e-10, logEvery: 1000 });
  const H = -Y.reduce((a, y) => a + (y / 3.5) * Math.log(y / 3.5 + 1e-10), 0);
  assert.ok(Math.abs(diag.final.nuclearNorm - 3.5) < 1e-4 && Math.abs(diag.final.effectiveRank - Math.exp(H)) < 1e-4,
    `nuclear norm ${diag.final.nuclearNorm}, erank ${diag.final.effectiveRank} (expected 3.5, ${Math.exp(H)})`);
  const capped = trainFactorization(p, createRule('gd', { lr: 0.05 }), p.init(createRng(0)), { maxSteps: 10, trainThreshold: 1e-8, logEvery: 3 });
  assert.ok(!capped.converged && capped.steps === 10, 'stops at maxSteps');
  assert.deepEqual(capped.log.step, [0, 3, 6, 9, 10], 'log steps');
});

test('FactorizationStepper: group-rms steps in place equal a plain-loop reference (η_t by hand, fresh gradients)', () => {
  const spec = { id: 'matrix-completion', size: 12, rank: 2, observations: 60, depth: 3, initScale: 0.5 };
  const p = createProblem(spec, createRng(4)) as DmfProblem, ref = createProblem(spec, createRng(4)) as DmfProblem;
  const theta = p.init(createRng(5)), x = theta.slice();
  const lr = 0.2, alpha = 0.99, eps = 1e-4;
  const stepper = new FactorizationStepper(p, createRule('group-rms', { lr, alpha, eps }), theta, createRng(6));
  let s = 0;
  for (let t = 0; t < 6; t++) {
    const value = stepper.evaluate();
    const { value: v, grad: g } = ref.valueAndGrad!(x, undefined);
    assert.ok(Math.abs(value - v) <= 1e-13 * v, `step ${t}: loss ${value} vs reference ${v}`);
    stepper.step(t);
    let ss = 0;
    for (let i = 0; i < g.length; i++) ss += g[i]! * g[i]!;
    s = alpha * s + (1 - alpha) * ss;
    const eta = lr / (Math.sqrt(s / (1 - alpha ** (t + 1))) + eps);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! - eta * g[i]!;
  }
  let worst = 0, scale = 0;
  for (let i = 0; i < x.length; i++) { worst = Math.max(worst, Math.abs(theta[i]! - x[i]!)); scale = Math.max(scale, Math.abs(x[i]!)); }
  assert.ok(p.loss(theta) < p.loss(p.init(createRng(5))), `six steps lower the loss: ${p.loss(p.init(createRng(5)))} → ${p.loss(theta)}`);
  assert.ok(worst <= 1e-12 * scale, `max |θ − θ_ref| = ${worst} (max |θ_ref| = ${scale})`);
});
