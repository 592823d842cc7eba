// Hand-derived first steps of every rule and of each convention variant (tfjs style: the derivation sits in the
// comment above each check), on f(θ) = Σθ² with ∇f = 2θ unless stated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule } from '../../src/rules/index.ts';
import type { StepContext } from '../../src/rules/types.ts';
import { drive, sumSquaresGrad } from './drive.ts';

function close(actual: number, expected: number, rel = 1e-14): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${actual} ≠ ${expected}`);
}
/** δ of the first step from θ₀ = (1, −2) on Σθ² (g = (2, −4)). */
function firstDelta(id: string, hyper: Record<string, unknown>): Float64Array {
  const [t0, t1] = drive(createRule(id, hyper), [1, -2], sumSquaresGrad, 1);
  return t1!.map((v, i) => v - t0![i]!);
}

test('gd: δ = −lr·g', () => {
  const d = firstDelta('gd', { lr: 0.1 }); // −0.1·(2, −4)
  close(d[0]!, -0.2); close(d[1]!, 0.4);
});

test("sgd momentumForm 'pytorch' vs 'sutskever': equal at constant lr, differ when lr changes", () => {
  const lrs = [0.1, 0.05];
  const run = (form: string, lrAt: (k: number) => number, extra: Record<string, unknown> = {}) => {
    const rule = createRule('sgd', { lr: 0.1, momentum: 0.9, momentumForm: form, ...extra });
    return drive(rule, [1], sumSquaresGrad, 2, (k) => ({ ...rule.hyper, lr: lrAt(k) })).map((t) => t[0]!);
  };
  // x₀ = 1, g₀ = 2. Step 1 (lr 0.1): torch b = g₀ = 2, δ = −0.2; Sutskever v = lr·g₀ = 0.2, δ = −0.2; x₁ = 0.8.
  // Step 2 with lr 0.05, g₁ = 1.6: torch b = 0.9·2 + 1.6 = 3.4, δ = −0.05·3.4 = −0.17 → x₂ = 0.63;
  //   Sutskever v = 0.9·0.2 + 0.05·1.6 = 0.26 → x₂ = 0.54.
  const torchForm = run('pytorch', (k) => lrs[k]!), sutskever = run('sutskever', (k) => lrs[k]!);
  close(torchForm[1]!, 0.8); close(sutskever[1]!, 0.8);
  close(torchForm[2]!, 0.63); close(sutskever[2]!, 0.54);
  // At constant lr 0.1 both give x₂ = 0.8 − 0.1·3.4 = 0.46 (v = 0.18 + 0.16 = 0.34).
  close(run('pytorch', () => 0.1)[2]!, 0.46); close(run('sutskever', () => 0.1)[2]!, 0.46);
  // Nesterov, step 1: torch d = g + μb = 2 + 1.8 = 3.8, δ = −0.38; Sutskever δ = −(μv + lr·g) = −(0.18 + 0.2).
  close(run('pytorch', () => 0.1, { nesterov: true })[1]!, 0.62); close(run('sutskever', () => 0.1, { nesterov: true })[1]!, 0.62);
});

test('sgd dampening is skipped on the first step (torch), applied after', () => {
  const x = drive(createRule('sgd', { lr: 0.1, momentum: 0.5, dampening: 0.5 }), [1], sumSquaresGrad, 2).map((t) => t[0]!);
  // b₁ = g₀ = 2 → x₁ = 0.8; g₁ = 1.6, b₂ = 0.5·2 + 0.5·1.6 = 1.8 → x₂ = 0.8 − 0.18 = 0.62.
  close(x[1]!, 0.8); close(x[2]!, 0.62);
});

test('sgd weightDecay and maximize: g ← −g + λθ', () => {
  const d = firstDelta('sgd', { lr: 0.1, weightDecay: 0.5, maximize: true }); // g₁ = −2 + 0.5 = −1.5 → δ = 0.15
  close(d[0]!, 0.15); close(d[1]!, -0.1 * (4 + 0.5 * -2));
});

test("adam epsPlacement 'outside' (torch) vs 'inside' (optax eps_root)", () => {
  // Step 1: m = (1−β₁)g, v = (1−β₂)g², so m̂ = g, v̂ = g². Outside: δ = −lr·g/(|g| + ε); inside: δ = −lr·g/√(g² + ε).
  const out = firstDelta('adam', { lr: 0.1, eps: 0.5 });
  close(out[0]!, -0.2 / 2.5, 1e-13); close(out[1]!, 0.4 / 4.5, 1e-13);
  const inside = firstDelta('adam', { lr: 0.1, eps: 0.5, epsPlacement: 'inside' });
  close(inside[0]!, -0.2 / Math.sqrt(4.5), 1e-13); close(inside[1]!, 0.4 / Math.sqrt(16.5), 1e-13);
  // Default eps: the first step moves each coordinate by ≈ lr·sign(g).
  const d = firstDelta('adam', {});
  close(d[0]!, -1e-3 * 2 / (2 + 1e-8), 1e-13);
});

test('adam couples weight decay into g, adamw decouples it as θ(1 − lr·λ)', () => {
  // adam: g₀ = 2 + 0.5·1 = 2.5 → δ = −0.1·2.5/(2.5 + 1e-8). adamw: δ = −0.1·0.5·1 − 0.1·2/(2 + 1e-8).
  close(firstDelta('adam', { lr: 0.1, weightDecay: 0.5 })[0]!, -0.25 / (2.5 + 1e-8), 1e-13);
  close(firstDelta('adamw', { lr: 0.1, weightDecay: 0.5 })[0]!, -0.05 - 0.2 / (2 + 1e-8), 1e-13);
});

test('adam amsgrad keeps the largest v', () => {
  // Gradients 10 then 0.1 (given directly): v₁ = 0.001·100 = 0.1, v₂ = 0.999·0.1 + 0.001·0.01 = 0.09991 < v₁·1.
  // With amsgrad step 2 divides by √0.1 (the max) instead of √0.09991; both with bias correction √(1 − 0.999²).
  const gs = [10, 0.1];
  const step2 = (amsgrad: boolean) => {
    let k = 0;
    const x = drive(createRule('adam', { lr: 1, amsgrad }), [0], () => Float64Array.of(gs[k++]!), 2);
    return x[2]![0]! - x[1]![0]!;
  };
  const m2 = 0.9 * 1 + 0.1 * 0.1, bc1 = 1 - 0.9 ** 2, bc2 = Math.sqrt(1 - 0.999 ** 2);
  close(step2(true), -(m2 / bc1) / (Math.sqrt(0.1) / bc2 + 1e-8), 1e-12);
  close(step2(false), -(m2 / bc1) / (Math.sqrt(0.09991) / bc2 + 1e-8), 1e-12);
});

test('adagrad: s = s₀ + g², δ = −lr·g/(√s + ε); lrDecay divides lr by 1 + (t − 1)·lrDecay', () => {
  close(firstDelta('adagrad', { lr: 0.1 })[0]!, -0.1 * 2 / (2 + 1e-10));
  close(firstDelta('adagrad', { lr: 0.1, initialAccumulatorValue: 5 })[0]!, -0.2 / (3 + 1e-10)); // √(5 + 4) = 3
  // Step 2 with lrDecay 1: x₁ = 1 − 0.1·2/2 ≈ 0.9, g₁ = 1.8, s = 4 + 3.24, δ = −(0.1/2)·1.8/√7.24.
  const x = drive(createRule('adagrad', { lr: 0.1, lrDecay: 1 }), [1], sumSquaresGrad, 2).map((t) => t[0]!);
  close(x[2]! - x[1]!, -(0.05 * 2 * x[1]!) / (Math.sqrt(4 + 4 * x[1]! * x[1]!) + 1e-10), 1e-13);
});

test('rmsprop: plain, centered, momentum first steps', () => {
  // v = (1−α)g² → δ = −lr·g/(√(1−α)|g| + ε) ≈ −lr/√(1−α)·sign(g) = −0.1/√0.01 = −1 (α = 0.99).
  close(firstDelta('rmsprop', { lr: 0.1 })[0]!, -0.2 / (Math.sqrt(0.01 * 4) + 1e-8), 1e-13);
  // centered: ḡ = (1−α)g, ṽ = (1−α)g² − (1−α)²g² = α(1−α)g².
  close(firstDelta('rmsprop', { lr: 0.1, centered: true })[0]!, -0.2 / (Math.sqrt(0.99 * 0.01 * 4) + 1e-8), 1e-13);
  // momentum: b = g/avg, δ = −lr·b — the same first step as without momentum.
  close(firstDelta('rmsprop', { lr: 0.1, momentum: 0.9 })[0]!, -0.2 / (Math.sqrt(0.01 * 4) + 1e-8), 1e-13);
});

test('adadelta: Δ = √(0 + ε)/√((1−ρ)g² + ε)·g on the first step', () => {
  close(firstDelta('adadelta', {})[0]!, -Math.sqrt(1e-6) / Math.sqrt(0.1 * 4 + 1e-6) * 2, 1e-13);
});

test('adamax: u = |g| + ε, δ = −lr/(1−β₁)·(1−β₁)g/u', () => {
  close(firstDelta('adamax', {})[0]!, -2e-3 * 2 / (2 + 1e-8), 1e-13);
});

// torch 1.13's second factor is μ₂/(1 − Π₁·μ₁·μ₂) (μ₁ counted twice, fixed in torch 2.0); Π kept in float32.
test('nadam: first step from μ₁, μ₂ and Π₁ = μ₁ (float32, as torch stores it)', () => {
  const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004), mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
  const p1 = Math.fround(mu1), denom = 2 + 1e-8; // √(v/(1−β₂)) = |g|
  const expected = (-2e-3 * (1 - mu1)) / (1 - p1) * 2 / denom + (-2e-3 * mu2) / (1 - Math.fround(Math.fround(p1 * p1) * Math.fround(mu2))) * 0.2 / denom;
  close(firstDelta('nadam', {})[0]!, expected, 1e-12);
});

test('radam: ρ₁ = 1999 − 2·0.999/0.001 = 1 ≤ 5, so step 1 is −lr·m̂ = −lr·g; rectified from step 6', () => {
  close(firstDelta('radam', { lr: 0.1 })[0]!, -0.2, 1e-13);
  const rho = (t: number) => 1999 - (2 * t * 0.999 ** t) / (1 - 0.999 ** t);
  assert.ok(rho(5) <= 5 && rho(6) > 5);
});

test('state persists across a mid-run hyperparameter change and δ goes into ctx.out when given', () => {
  const rule = createRule('adam', { lr: 0.1 });
  const theta = Float64Array.of(1);
  const state = rule.init(theta, { problem: undefined as never, rng: undefined as never }) as { step: number; expAvg: Float64Array };
  const out = new Float64Array(1);
  const ctx = { step: 0, theta, hyper: { ...rule.hyper, lr: 0.5 }, grad: () => Float64Array.of(2), out } as unknown as StepContext;
  const r = rule.update(ctx, state);
  assert.equal(r.delta, out);
  close(out[0]!, -0.5 * 2 / (2 + 1e-8), 1e-13); // the new lr is read from ctx.hyper
  assert.equal(state.step, 1);
  close(state.expAvg[0]!, 0.2);
});
