// Fisher information operators, dense forms, the Monte-Carlo estimate and the KL Hessian, against references:
// dense products, the closed-form GLM Hessian, finite differences, and the Monte-Carlo standard error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProblem } from '../../src/problems/index.ts';
import type { Problem } from '../../src/problems/types.ts';
import { createRng } from '../../src/random/index.ts';
import { fisherDense, fisherOperator, monteCarloFisher, perExampleGradients, predictiveOf, type FisherKind } from '../../src/geometry/fisher.ts';
import { klDivergence, klGradient } from '../../src/geometry/kl.ts';
import * as A from '../../src/autodiff/index.ts';
import { fromData, type Tensor } from '../../src/tensor/index.ts';

function maxAbs(a: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!)); return s; }
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]! - b[i]!)); return s;
}
function matvec(A: Float64Array, v: Float64Array): Float64Array {
  const n = v.length, y = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += A[i * n + j]! * v[j]!; y[i] = s; }
  return y;
}

/** Problems with a predictive hook, each at a generic (non-zero) θ. */
function cases(): { name: string; p: Problem; theta: Float64Array }[] {
  const mk = (name: string, opts: { id: string } & Record<string, unknown>, seed: number) => {
    const p = createProblem(opts, createRng(seed));
    const theta = p.init(createRng(seed + 1)).map((v, i) => v + 0.3 * Math.sin(1.7 * i + 0.4));
    return { name, p, theta };
  };
  return [
    mk('logistic', { id: 'logistic-regression', examples: 40, dim: 4 }, 1),
    mk('softmax', { id: 'softmax-regression', examples: 30, dim: 3, classes: 4 }, 2),
    mk('gaussian fixed σ²=0.5', { id: 'gaussian-regression', examples: 25, dim: 3, variance: 0.5 }, 3),
    mk('gaussian learned σ²', { id: 'gaussian-regression', examples: 25, dim: 3, learnVariance: true }, 4),
    mk('mlp regressor (tanh)', { id: 'mlp', widths: [3, 5, 2], examples: 12, activation: 'tanh' }, 5),
    mk('mlp classifier (relu)', { id: 'mlp-classifier', widths: [3, 6, 5, 3], examples: 15, activation: 'relu' }, 6),
    mk('mlp classifier (sigmoid)', { id: 'mlp-classifier', widths: [2, 4, 3], examples: 10, activation: 'sigmoid' }, 7),
  ];
}

test('Fisher-vector products equal dense products (true, empirical, GGN) to 1e-12 relative', () => {
  for (const { name, p, theta } of cases()) {
    const pred = predictiveOf(p, 'test');
    for (const kind of ['true', 'empirical', 'ggn'] as FisherKind[]) {
      const F = fisherDense(pred, theta, { kind });
      const op = fisherOperator(pred, theta, { kind });
      for (let r = 0; r < 3; r++) {
        const v = createRng(100 + r).fillNormal(new Float64Array(p.dim));
        const a = op.apply(v), b = matvec(F, v);
        assert.ok(maxDiff(a, b) <= 1e-12 * Math.max(1, maxAbs(b)), `${name} ${kind}: ${maxDiff(a, b)}`);
      }
    }
  }
});

test('predictive gradient and loss agree with the problem (mean per-example gradient = ∇L)', () => {
  for (const { name, p, theta } of cases()) {
    const G = perExampleGradients(predictiveOf(p, 'test'), theta), m = p.examples!, D = p.dim;
    const mean = new Float64Array(D);
    for (let i = 0; i < m; i++) for (let j = 0; j < D; j++) mean[j] = mean[j]! + G[i * D + j]! / m;
    const g = p.grad(theta);
    assert.ok(maxDiff(mean, g) <= 1e-12 * Math.max(1, maxAbs(g)), `${name}: ${maxDiff(mean, g)}`);
    // and the gradient against central differences of the loss
    const h = 1e-6, fd = new Float64Array(D);
    for (let j = 0; j < D; j++) {
      const a = theta.slice(), b = theta.slice(); a[j] = a[j]! + h; b[j] = b[j]! - h;
      fd[j] = (p.loss(a) - p.loss(b)) / (2 * h);
    }
    assert.ok(maxDiff(fd, g) <= 1e-7 * Math.max(1, maxAbs(g)), `${name} FD: ${maxDiff(fd, g)}`);
  }
});

test('GLMs with canonical link: true Fisher = GGN = closed-form Hessian (1e-12)', () => {
  for (const { name, p, theta } of cases().filter((c) => c.p.hessian)) {
    const pred = predictiveOf(p, 'test');
    const H = p.hessian!(theta), F = fisherDense(pred, theta), G = fisherDense(pred, theta, { kind: 'ggn' });
    assert.ok(maxDiff(F, H) <= 1e-12 * maxAbs(H), `${name}: F vs H ${maxDiff(F, H)}`);
    assert.ok(maxDiff(G, H) <= 1e-12 * maxAbs(H), `${name}: G vs H ${maxDiff(G, H)}`);
  }
});

test('learned-variance Gaussian: GGN ≠ Fisher away from the optimum (the residual enters the f-Hessian)', () => {
  const c = cases().find((x) => x.name === 'gaussian learned σ²')!;
  const pred = predictiveOf(c.p, 'test');
  const F = fisherDense(pred, c.theta), G = fisherDense(pred, c.theta, { kind: 'ggn' });
  assert.ok(maxDiff(F, G) > 1e-3 * maxAbs(F));
});

test('exact Fisher equals the Monte-Carlo estimate within its standard error', () => {
  for (const { name, p, theta } of cases().filter((c) => !c.name.startsWith('mlp'))) {
    const pred = predictiveOf(p, 'test');
    const F = fisherDense(pred, theta), S = 400;
    const mc = monteCarloFisher(pred, theta, createRng(7), S);
    let worst = 0, within2 = 0, n = 0;
    for (let j = 0; j < F.length; j++) {
      if (!(mc.standardError[j]! > 0)) { assert.ok(Math.abs(F[j]! - mc.mean[j]!) <= 1e-12 * maxAbs(F), `${name}: deterministic entry ${j}`); continue; }
      const z = Math.abs(F[j]! - mc.mean[j]!) / mc.standardError[j]!;
      worst = Math.max(worst, z); n++;
      if (z <= 2) within2++;
    }
    // entries are correlated, so bound the worst z loosely and require the bulk inside 2 standard errors
    assert.ok(worst < 5, `${name}: worst |F − F̂|/SE = ${worst}`);
    assert.ok(within2 >= 0.85 * n, `${name}: ${within2}/${n} entries within 2 SE`);
    // the operator form averages the same draws: its mean over many samples approaches F too
    const op = fisherOperator(pred, theta, { kind: 'monte-carlo', samples: S, rng: createRng(8) });
    const v = createRng(9).fillNormal(new Float64Array(p.dim));
    const a = op.apply(v), b = matvec(F, v);
    assert.ok(maxDiff(a, b) <= 0.25 * maxAbs(b), `${name}: MC operator ${maxDiff(a, b)} vs ${maxAbs(b)}`);
  }
});

test('the Hessian of KL(θ ‖ θ′) in θ′ at θ′ = θ equals the true Fisher (1e-8)', () => {
  for (const { name, p, theta } of cases()) {
    const pred = predictiveOf(p, 'test'), D = p.dim, F = fisherDense(pred, theta);
    assert.ok(Math.abs(klDivergence(pred, theta, theta)) <= 1e-15, `${name}: KL(θ‖θ) = 0`);
    assert.ok(maxAbs(klGradient(pred, theta, theta)) <= 1e-15, `${name}: ∇KL at θ′ = θ vanishes`);
    const h = 1e-5, H = new Float64Array(D * D);
    for (let j = 0; j < D; j++) {
      const a = theta.slice(), b = theta.slice(); a[j] = a[j]! + h; b[j] = b[j]! - h;
      const ga = klGradient(pred, theta, a), gb = klGradient(pred, theta, b);
      for (let i = 0; i < D; i++) H[i * D + j] = (ga[i]! - gb[i]!) / (2 * h);
    }
    assert.ok(maxDiff(H, F) <= 1e-8 * Math.max(1, maxAbs(F)), `${name}: ${maxDiff(H, F)}`);
    // and the KL gradient against differences of the KL itself at a displaced θ′
    const t2 = theta.map((v, i) => v + 0.1 * Math.cos(i)), g = klGradient(pred, theta, t2), fd = new Float64Array(D);
    for (let j = 0; j < D; j++) {
      const a = t2.slice(), b = t2.slice(); a[j] = a[j]! + 1e-6; b[j] = b[j]! - 1e-6;
      fd[j] = (klDivergence(pred, theta, a) - klDivergence(pred, theta, b)) / 2e-6;
    }
    assert.ok(maxDiff(fd, g) <= 1e-7 * Math.max(1, maxAbs(g)), `${name}: KL gradient ${maxDiff(fd, g)}`);
  }
});

test('errors name the input: no predictive hook, unknown kind, MC without rng', () => {
  const q = createProblem({ id: 'rosenbrock' }, createRng(1));
  assert.throws(() => predictiveOf(q, 'natural-gradient'), /no predictive distribution/);
  const { p, theta } = cases()[0]!;
  assert.throws(() => fisherOperator(predictiveOf(p, 't'), theta, { kind: 'bogus' as FisherKind }), /accepted: true, empirical/);
  assert.throws(() => fisherOperator(predictiveOf(p, 't'), theta, { kind: 'monte-carlo' }), /needs an rng/);
});

test('softmax regression: the autodiff-tape Hessian of KL(θ ‖ θ′) at θ′ = θ equals the true Fisher (1e-12)', () => {
  const p = createProblem({ id: 'softmax-regression', examples: 20, dim: 3, classes: 4 }, createRng(31));
  const h = p.hooks as { X: Float64Array }, n = 20, d = 3, K = 4;
  const theta = createRng(32).fillNormal(new Float64Array(p.dim), 0, 0.5);
  const X = fromData(h.X, [n, d]);
  const logits = (W: A.Var | Tensor, b: A.Var | Tensor) => A.add(A.matmul(X, W, false, true), b);
  const P = A.softmax(logits(fromData(theta.slice(0, K * d), [K, d]), fromData(theta.slice(K * d), [K])), -1).value;
  const logP = A.logSoftmax(logits(fromData(theta.slice(0, K * d), [K, d]), fromData(theta.slice(K * d), [K])), -1).value;
  // KL(θ ‖ θ′) = mean_i Σ_c p_c (log p_c − log q_c(θ′)), written on the tape in θ′ = [W′, b′]
  const kl = (ps: A.Var[]) => A.scale(A.sum(A.mul(P, A.sub(logP, A.logSoftmax(logits(ps[0]!, ps[1]!), -1)))), 1 / n);
  const F = fisherDense(predictiveOf(p, 't'), theta), D = p.dim, H = new Float64Array(D * D);
  for (let j = 0; j < D; j++) {
    const e = new Float64Array(D); e[j] = 1;
    const hv = A.hvp(kl, [fromData(theta.slice(0, K * d), [K, d]), fromData(theta.slice(K * d), [K])],
      [fromData(e.slice(0, K * d), [K, d]), fromData(e.slice(K * d), [K])]);
    for (let i = 0; i < K * d; i++) H[i * D + j] = hv[0]!.data[i]!;
    for (let i = 0; i < K; i++) H[(K * d + i) * D + j] = hv[1]!.data[i]!;
  }
  assert.ok(maxDiff(H, F) <= 1e-12 * maxAbs(F), `tape Hessian vs F: ${maxDiff(H, F)}`);
});

test('true Fisher = Σ_c p(c|x)·g_c g_cᵀ summed over every class label (the definition, 1e-12)', () => {
  for (const { name, p, theta } of cases().filter((c) => c.name === 'logistic' || c.name === 'softmax' || c.name.startsWith('mlp classifier'))) {
    const pred = predictiveOf(p, 't'), lin = pred.linearize(theta), K = pred.family.outputs, m = lin.m, D = p.dim;
    const classes = pred.family.kind === 'bernoulli' ? 2 : K;
    const ref = new Float64Array(D * D);
    for (let c = 0; c < classes; c++) {
      const G = perExampleGradients(pred, theta, undefined, new Float64Array(m).fill(c));
      for (let i = 0; i < m; i++) {
        // p(y = c | xᵢ) from the family's own likelihood: exp(−nll)
        const pc = Math.exp(-pred.family.nll(lin.outputs.subarray(i * K, (i + 1) * K), Float64Array.of(c)));
        for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) ref[a * D + b] = ref[a * D + b]! + pc * G[i * D + a]! * G[i * D + b]! / m;
      }
    }
    const F = fisherDense(pred, theta);
    assert.ok(maxDiff(F, ref) <= 1e-12 * maxAbs(F), `${name}: ${maxDiff(F, ref)}`);
  }
});
