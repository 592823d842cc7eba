// The paper-fa experiment (R-FA-1/2) in its quick form, and the feedback-alignment and weight-perturbation rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paperFa } from '../../src/experiments/paper-fa.ts';
import { feedbackAlignment, drawFeedback } from '../../src/rules/feedback-alignment.ts';
import { weightPerturbation } from '../../src/rules/weight-perturbation.ts';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { run } from '../../src/dynamics/runner.ts';
import { averagedUpdate, angle } from '../../src/geometry/index.ts';
import { ConfigError } from '../../src/errors.ts';

test('paper-fa --quick: the qualitative R-FA-1/2 picture holds, figures render', async () => {
  const report = await paperFa.run(paperFa.config({ quick: true, seed: 0 }), { progress: () => {} });
  const failed = report.checks.filter((c) => !c.pass);
  assert.deepEqual(failed, [], JSON.stringify(failed));
  assert.equal(report.figures.length, 3);
});

test('fa: last layer gets the backprop update; with B_l = W_lᵀ-shaped copies of W_l the update is exactly −lr·∇L', () => {
  const problem = createProblem({ id: 'mlp', widths: [4, 6, 3], activation: 'tanh', teacherHidden: [5], examples: 30, noise: 0 }, createRng(1));
  const theta = problem.init(createRng(2));
  const hooks = problem.hooks as { layout: { w: number[]; b: number[] }; widths: number[] };
  const rule = feedbackAlignment.create({ lr: 0.1 });
  const st = rule.init(theta, { problem, rng: createRng(3) }) as { feedback: Float64Array[] };
  const ctx = { step: 0, theta, hyper: rule.hyper, batch: undefined, problem, rng: createRng(4), grad: () => problem.grad(theta), loss: () => problem.loss(theta),
    gradAt: (p: Float64Array) => problem.grad(p), lossAt: (p: Float64Array) => problem.loss(p) };
  const d = rule.update(ctx as never, st as never).delta;
  const g = problem.grad(theta);
  // the output layer's weights and biases: identical to backprop
  for (let i = hooks.layout.w[1]!; i < problem.dim; i++) assert.ok(Math.abs(d[i]! + 0.1 * g[i]!) <= 1e-15);
  // the hidden layer differs (random feedback)
  let diff = 0; for (let i = 0; i < hooks.layout.w[1]!; i++) diff += Math.abs(d[i]! + 0.1 * g[i]!);
  assert.ok(diff > 1e-6);
  // feedback = the forward weights themselves: backprop exactly
  st.feedback[1] = theta.slice(hooks.layout.w[1]!, hooks.layout.w[1]! + 6 * 3);
  const d2 = rule.update(ctx as never, st as never).delta;
  for (let i = 0; i < problem.dim; i++) assert.ok(Math.abs(d2[i]! + 0.1 * g[i]!) <= 1e-15);
  assert.equal(drawFeedback([4, 6, 3], 1, createRng(0))[1]!.length, 18);
  const quad = createProblem({ id: 'quadratic-n', dim: 3, condition: 10 }, createRng(0));
  assert.throws(() => feedbackAlignment.create({}).init(new Float64Array(3), { problem: quad, rng: createRng(0) }), ConfigError);
});

test('weight perturbation: the averaged update is −lr·∇L to O(σ²); single updates are far from it (cos ψ ~ 1/√D)', () => {
  const problem = createProblem({ id: 'quadratic-n', dim: 6, condition: 10 }, createRng(5));
  const theta = problem.init(createRng(6));
  const rule = weightPerturbation.create({ lr: 1, sigma: 1e-4 });
  const rng = createRng(7);
  const ctx = { step: 0, theta, hyper: rule.hyper, batch: undefined, problem, rng, grad: () => problem.grad(theta), loss: () => problem.loss(theta),
    gradAt: (p: Float64Array) => problem.grad(p), lossAt: (p: Float64Array) => problem.loss(p) };
  const y = problem.grad(theta).map((v) => -v);
  const avg = averagedUpdate(y, 4000, () => rule.update(ctx as never, { step: 0 }).delta.slice());
  assert.equal(avg.effective, 'yes');
  assert.ok(angle(y, avg.mean).psiDeg < 10, `ψ of the averaged update ${angle(y, avg.mean).psiDeg}°`);
  // first order: yᵀδ = lr(∇L·ξ)²/σ² ≥ 0, so single updates descend (up to O(σ) terms) but at a large angle
  assert.ok(avg.nonDescentFraction < 0.01, `non-descent fraction ${avg.nonDescentFraction}`);
  let meanCos = 0;
  for (let k = 0; k < 500; k++) meanCos += angle(y, rule.update(ctx as never, { step: 0 }).delta).cos / 500;
  assert.ok(meanCos > 0.2 && meanCos < 0.6, `mean cos ψ of single updates ${meanCos}`);
  // through the runner it lowers the loss
  const t = run({ problem, rule: weightPerturbation.create({ lr: 0.02, sigma: 1e-3, samples: 4 }), steps: 400, seed: 1, record: ['loss'] });
  assert.ok(t.loss![400]! < 0.5 * t.loss![0]!);
});

test('dfa: with one hidden layer it is FA with D₁ = B₁ᵀ; with two it differs from FA but keeps the output layer exact and learns', async () => {
  const { directFeedbackAlignment } = await import('../../src/rules/direct-feedback-alignment.ts');
  const one = createProblem({ id: 'mlp', widths: [5, 7, 3], activation: 'tanh', teacherHidden: [4], examples: 40, noise: 0 }, createRng(11));
  const th = one.init(createRng(12));
  const h1 = one.hooks as { feedbackGrad: (t: Float64Array, b: undefined, f: Float64Array[]) => { grad: Float64Array }; directFeedbackGrad: (t: Float64Array, b: undefined, d: Float64Array[]) => { grad: Float64Array } };
  const B = createRng(13).fillNormal(new Float64Array(3 * 7)); // FA: shaped like W₁ (3×7)
  const D = new Float64Array(7 * 3);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 7; c++) D[c * 3 + r] = B[r * 7 + c]!;
  const fa = h1.feedbackGrad(th, undefined, [new Float64Array(0), B]).grad, dfa = h1.directFeedbackGrad(th, undefined, [new Float64Array(0), D]).grad;
  for (let i = 0; i < one.dim; i++) assert.ok(Math.abs(fa[i]! - dfa[i]!) <= 1e-15 * (1 + Math.abs(fa[i]!)));
  // the default backward pass is unchanged by the new hook
  assert.deepEqual(Array.from(h1.feedbackGrad(th, undefined, []).grad), Array.from(one.grad(th)));
  const two = createProblem({ id: 'mlp', widths: [6, 8, 8, 2], activation: 'tanh', teacherHidden: [5], examples: 100, noise: 0 }, createRng(14));
  const lay = (two.hooks as { layout: { w: number[] } }).layout;
  const rule = directFeedbackAlignment.create({ lr: 0.1 });
  const t0 = two.init(createRng(15));
  const st = rule.init(t0, { problem: two, rng: createRng(16) });
  const ctx = { step: 0, theta: t0, hyper: rule.hyper, batch: undefined, problem: two, rng: createRng(17) };
  const d = rule.update(ctx as never, st as never).delta, g = two.grad(t0);
  for (let i = lay.w[2]!; i < two.dim; i++) assert.ok(Math.abs(d[i]! + 0.1 * g[i]!) <= 1e-15, 'output layer = backprop');
  let diff = 0; for (let i = 0; i < lay.w[2]!; i++) diff += Math.abs(d[i]! + 0.1 * g[i]!);
  assert.ok(diff > 1e-8, 'hidden layers differ from backprop');
  const tr = run({ problem: two, rule: directFeedbackAlignment.create({ lr: 0.05 }), steps: 300, seed: 3, record: ['loss'] });
  assert.ok(tr.loss![300]! < 0.5 * tr.loss![0]!, `loss ${tr.loss![0]} → ${tr.loss![300]}`);
});

test('node perturbation: the averaged update approaches −lr·∇L as σ → 0 and draws grow; single updates scatter widely', async () => {
  const { nodePerturbation } = await import('../../src/rules/node-perturbation.ts');
  const p = createProblem({ id: 'mlp', widths: [4, 6, 2], activation: 'tanh', teacherHidden: [3], examples: 20, noise: 0 }, createRng(21));
  const th = p.init(createRng(22));
  const rule = nodePerturbation.create({ lr: 1, sigma: 1e-4 });
  const rng = createRng(23);
  const ctx = { step: 0, theta: th, hyper: rule.hyper, batch: undefined, problem: p, rng };
  const y = p.grad(th).map((v) => -v);
  const avg = averagedUpdate(y, 3000, () => rule.update(ctx as never, { step: 0 }).delta.slice());
  assert.equal(avg.effective, 'yes');
  const a = angle(y, avg.mean);
  assert.ok(a.psiDeg < 15, `ψ of the averaged update ${a.psiDeg}°`);
  let single = 0;
  for (let k = 0; k < 200; k++) single += angle(y, rule.update(ctx as never, { step: 0 }).delta).psiDeg / 200;
  assert.ok(single > 45, `mean ψ of single updates ${single}°`);
  const quad = createProblem({ id: 'quadratic-n', dim: 3, condition: 10 }, createRng(0));
  assert.throws(() => nodePerturbation.create({}).init(new Float64Array(3), { problem: quad, rng: createRng(0) }), ConfigError);
});
