// Langevin samplers against exact references: ULA's biased stationary variance σ²/(1 − h/(2σ²)) (anchors-science
// §3.1), MALA and BAOAB unbiased on the same Gaussian, the double well's E[x²] = 0.917671 at T = 0.25 (§3.5),
// single-chain rules through the runner, and reproducibility per seed and worker count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEnsemble } from '../../src/dynamics/ensemble.ts';
import { run } from '../../src/dynamics/runner.ts';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { createRule } from '../../src/rules/index.ts';
import { ConfigError } from '../../src/errors.ts';

const moments = (x: Float64Array) => {
  let m = 0; for (const v of x) m += v; m /= x.length;
  let v2 = 0, m4 = 0; for (const v of x) { v2 += (v - m) ** 2; m4 += (v - m) ** 4; }
  return { mean: m, var: v2 / (x.length - 1), m4: m4 / x.length };
};
/** Standard error of the sample variance of n independent draws: √((μ₄ − σ⁴)/n). */
const varSe = (s: { var: number; m4: number }, n: number) => Math.sqrt((s.m4 - s.var ** 2) / n);

const gaussianRun = (rule: 'langevin' | 'mala' | 'baoab', particles = 100_000, seed = 1) => runEnsemble({
  problem: { id: 'gaussian', variance: [1] }, rule, lr: 0.1, temperature: 1, particles, steps: 120, seed,
  initStd: 1, traces: 1,
});

test('ULA stationary variance on N(0, 1) with h = 0.1 is 1/(1 − h/2) = 1.052632, within 4 standard errors', () => {
  const r = gaussianRun('langevin');
  const s = moments(r.x), se = varSe(s, r.x.length);
  const exact = 1 / (1 - 0.1 / 2);
  assert.ok(Math.abs(exact - 1.052632) < 1e-6);
  assert.ok(Math.abs(s.var - exact) < 4 * se, `var ${s.var} vs ${exact} ± ${4 * se}`);
  assert.ok(Math.abs(s.var - 1) > 4 * se, 'the bias must be resolvable at this sample size');
  assert.ok(Math.abs(s.mean) < 4 * Math.sqrt(s.var / r.x.length));
});

test('MALA is unbiased on the same Gaussian (variance 1), with its acceptance rate reported', () => {
  const r = gaussianRun('mala', 40_000);
  const s = moments(r.x), se = varSe(s, r.x.length);
  assert.ok(Math.abs(s.var - 1) < 4 * se, `var ${s.var} ± ${4 * se}`);
  assert.ok(r.acceptanceRate! > 0.9 && r.acceptanceRate! < 1, `acceptance ${r.acceptanceRate}`);
});

test('BAOAB samples the Gaussian configurational law without O(h) bias (variance 1)', () => {
  const r = gaussianRun('baoab', 50_000);
  const s = moments(r.x), se = varSe(s, r.x.length);
  assert.ok(Math.abs(s.var - 1) < 4 * se, `var ${s.var} ± ${4 * se}`);
});

test('double well at T = 0.25: MALA particles give E[x²] = 0.917671 within 4 standard errors', () => {
  const r = runEnsemble({ problem: { id: 'double-well' }, rule: 'mala', lr: 0.02, temperature: 0.25, particles: 20_000, steps: 300, seed: 3 });
  const x2 = Float64Array.from(r.x, (v) => v * v);
  const s = moments(x2);
  const se = Math.sqrt(s.var / x2.length);
  assert.ok(Math.abs(s.mean - 0.917671) < 4 * se, `E[x²] ${s.mean} ± ${4 * se}`);
});

test('2-D Gaussian with full covariance: MALA recovers TΣ within 4 standard errors', () => {
  const r = runEnsemble({ problem: { id: 'gaussian', cov: [[1, 0.6], [0.6, 0.5]] }, rule: 'mala', lr: 0.05, temperature: 2, particles: 12_000, steps: 100, seed: 5, initStd: 1 });
  let sxx = 0, sxy = 0, syy = 0;
  for (let p = 0; p < r.particles; p++) { const a = r.x[2 * p]!, b = r.x[2 * p + 1]!; sxx += a * a; sxy += a * b; syy += b * b; }
  const n = r.particles, S = [2, 1.2, 1]; // TΣ
  // Wick: Var(x²) = 2S₁₁², Var(xy) = S₁₁S₂₂ + S₁₂², Var(y²) = 2S₂₂².
  assert.ok(Math.abs(sxx / n - S[0]!) < 4 * S[0]! * Math.sqrt(2 / n), `Σxx ${sxx / n}`);
  assert.ok(Math.abs(sxy / n - S[1]!) < 4 * Math.sqrt((S[0]! * S[2]! + S[1]! ** 2) / n), `Σxy ${sxy / n}`);
  assert.ok(Math.abs(syy / n - S[2]!) < 4 * S[2]! * Math.sqrt(2 / n), `Σyy ${syy / n}`);
});

test('single-chain rules through the runner: ULA chain variance matches the ensemble law; SGLD step and weighted mean', () => {
  const problem = createProblem({ id: 'gaussian' }, createRng(0));
  const t = run({ problem, rule: createRule('langevin', { lr: 0.1, temperature: 1 }), steps: 60_000, seed: 4, record: ['theta'] });
  const xs = t.theta!.subarray(1000);
  const s = moments(xs);
  // AR(1) with ρ = 0.9: the variance estimate's error is ≈ √(2/n·(1 + ρ²)/(1 − ρ²))·σ².
  const se = s.var * Math.sqrt((2 / xs.length) * (1 + 0.81) / (1 - 0.81));
  assert.ok(Math.abs(s.var - 1.052632) < 4 * se, `chain var ${s.var} ± ${4 * se}`);
  // SGLD at T = 0: δ = −(ε₀/2)·∇U with ε₀ = lr·b^−γ; the weighted mean starts at θ₀.
  const rule = createRule('sgld', { lr: 0.2, b: 2, gamma: 0.5, temperature: 0 });
  const theta = Float64Array.of(3);
  const st = rule.init(theta, { problem, rng: createRng(0) });
  const ctx = { step: 0, theta, hyper: rule.hyper, grad: () => problem.grad(theta), loss: () => problem.loss(theta), gradAt: (p: Float64Array) => problem.grad(p), lossAt: (p: Float64Array) => problem.loss(p), batch: undefined, problem, rng: createRng(1) };
  const r = rule.update(ctx as never, st);
  const eps = 0.2 * Math.pow(2, -0.5);
  assert.ok(Math.abs(r.delta[0]! + (eps / 2) * 3) < 1e-15);
  assert.equal((r.state as { weightedMean: Float64Array }).weightedMean[0], 3);
});

test('MALA and BAOAB single-chain rules run in the runner; MALA reports its acceptance rate', () => {
  const problem = createProblem({ id: 'double-well' }, createRng(0));
  const t = run({ problem, rule: createRule('mala', { lr: 0.05, temperature: 0.25 }), steps: 2000, seed: 1, record: ['theta', 'state'] });
  const last = t.state!.at(-1) as { acceptanceRate: number };
  assert.ok(last.acceptanceRate > 0.5 && last.acceptanceRate < 1);
  const b = run({ problem, rule: createRule('baoab', { lr: 0.05, temperature: 0.25 }), steps: 2000, seed: 1, record: ['theta'] });
  assert.ok(b.theta!.every(Number.isFinite));
});

test('reproducible per seed and worker count (the worker count is part of the RNG keys)', () => {
  const cfg = { problem: { id: 'tilted-double-well' }, rule: 'langevin' as const, lr: 0.01, temperature: 0.3, particles: 3000, steps: 50, seed: 11, workers: 2 };
  const a = runEnsemble(cfg), b = runEnsemble(cfg);
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.energy, b.energy);
  const one = runEnsemble({ ...cfg, workers: 1 });
  assert.notDeepEqual(one.x, a.x);
  const other = runEnsemble({ ...cfg, seed: 12 });
  assert.notDeepEqual(other.x, a.x);
});

test('config errors name the field and what is accepted', () => {
  const base = { problem: { id: 'double-well' }, rule: 'langevin' as const, lr: 0.01, temperature: 1, particles: 10, steps: 5, seed: 0 };
  assert.throws(() => runEnsemble({ ...base, rule: 'hmc' as never }), (e: unknown) => e instanceof ConfigError && /accepted: langevin, mala, baoab, sgld/.test(e.message));
  assert.throws(() => runEnsemble({ ...base, particles: 0 }), ConfigError);
  assert.throws(() => runEnsemble({ ...base, lr: -1 }), ConfigError);
  assert.throws(() => runEnsemble({ ...base, rule: 'mala', temperature: 0 }), ConfigError);
  assert.throws(() => runEnsemble({ ...base, schedule: { id: 'logarithmic' } }), (e: unknown) => e instanceof ConfigError && /schedule\.c/.test(e.path));
});
