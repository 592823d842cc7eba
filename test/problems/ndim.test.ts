import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { ResourceError } from '../../src/errors.ts';
import { assertClose, checkDerivatives } from './helpers.ts';

const rngPoint = (n: number, seed: string, std = 1) => createRng(seed).fillNormal(new Float64Array(n), 0, std);

test('quadratic-n: spectrum, rotation, exact minimiser; diagonal path at large dim; big rotated refused', () => {
  const p = createProblem({ id: 'quadratic-n', dim: 6, condition: 1000 }, createRng(1));
  assert.equal(p.dim, 6);
  checkDerivatives(p, rngPoint(6, 'a'));
  const star = Float64Array.from(p.minima![0]!.theta);
  assertClose(p.grad(star), new Float64Array(6), 1e-14, 'grad at θ*');
  assert.equal(p.loss(star), 0);
  // Hessian eigenvalues: check via the hooks (Q orthogonal, A = QᵀΛQ reproduces the Rayleigh quotients)
  const { eigenvalues, eigenvectors } = p.hooks as { eigenvalues: number[]; eigenvectors: Float64Array };
  assertClose([eigenvalues[0]!, eigenvalues[5]!], [1, 1e-3], 1e-14, 'λ range');
  const h = p.hessian!(star);
  for (let k = 0; k < 6; k++) {
    const q = eigenvectors.subarray(6 * k, 6 * k + 6);
    const hq = p.hvp!(star, Float64Array.from(q));
    assertClose(hq, q.map((x) => eigenvalues[k]! * x), 1e-13, `A q_${k} = λ_${k} q_${k}`);
    let s = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) s += q[i]! * h[i * 6 + j]! * q[j]!;
    assertClose([s], [eigenvalues[k]!], 1e-13, 'Rayleigh quotient');
  }
  // same seed → same problem; other seed → other rotation
  const p2 = createProblem({ id: 'quadratic-n', dim: 6, condition: 1000 }, createRng(1));
  assert.deepEqual(p2.minima, p.minima);
  const p3 = createProblem({ id: 'quadratic-n', dim: 6, condition: 1000 }, createRng(2));
  assert.notDeepEqual(p3.minima, p.minima);
  const big = createProblem({ id: 'quadratic-n', dim: 1_000_000, rotate: false, spectrum: 'linear' }, createRng(0));
  const g = big.grad(new Float64Array(1_000_000));
  assert.equal(g.length, 1_000_000);
  assert.throws(() => createProblem({ id: 'quadratic-n', dim: 100_000 }, createRng(0)), ResourceError);
});

test('rosenbrock-n: derivatives and minimum; dim 2 equals the 2-D surface', () => {
  const p = createProblem({ id: 'rosenbrock-n', dim: 7 }, createRng(0));
  checkDerivatives(p, rngPoint(7, 'r'), undefined, 1e-6);
  checkDerivatives(p, p.init(createRng(0)));
  const one = new Float64Array(7).fill(1);
  assert.equal(p.loss(one), 0);
  assertClose(p.grad(one), new Float64Array(7), 0, 'grad at 1');
  const r2 = createProblem({ id: 'rosenbrock-n', dim: 2 }, createRng(0)), s = createProblem({ id: 'rosenbrock' }, createRng(0));
  const t = Float64Array.of(-0.7, 1.3);
  assert.equal(r2.loss(t), s.loss(t));
  assertClose(r2.grad(t), s.grad(t), 1e-15, 'rosenbrock-n = rosenbrock');
});

test('linear-regression: FD gradient on batches, minimiser from normal equations', () => {
  const p = createProblem({ id: 'linear-regression', examples: 50, dim: 4, noise: 0.3 }, createRng(3));
  assert.equal(p.examples, 50);
  const w = rngPoint(4, 'w');
  checkDerivatives(p, w);
  checkDerivatives(p, w, Int32Array.of(3, 7, 7, 49));
  // batch mean: the full-batch loss is the mean of per-example losses
  let s = 0;
  for (let i = 0; i < 50; i++) s += p.loss(w, Int32Array.of(i));
  assertClose([s / 50], [p.loss(w)], 1e-13, 'mean over examples');
  const star = Float64Array.from(p.minima![0]!.theta);
  assertClose(p.grad(star), new Float64Array(4), 1e-13, 'grad at w*');
  assert.throws(() => p.loss(w, Int32Array.of(50)), /batch index 50/);
});

test('logistic-regression: FD gradient, Newton minimiser, Kunstner anchor (anchors §4.5)', () => {
  const p = createProblem({ id: 'logistic-regression', examples: 80, dim: 3 }, createRng(5));
  const w = rngPoint(3, 'w');
  checkDerivatives(p, w);
  checkDerivatives(p, w, Int32Array.of(0, 1, 2, 79));
  const star = Float64Array.from(p.minima![0]!.theta);
  assertClose(p.grad(star), new Float64Array(3), 1e-12, 'grad at w*');
  const k = createProblem({ id: 'logistic-regression', dataset: 'kunstner' }, createRng(0));
  assertClose(k.minima![0]!.theta, [0.51821594, -0.02185578, -0.12402553], 1e-8, 'Kunstner w*');
  assertClose([k.minima![0]!.loss], [0.6015785177488298], 1e-13, 'Kunstner L*');
  const k10 = createProblem({ id: 'logistic-regression', dataset: 'kunstner', scale: 10 }, createRng(0));
  assertClose([k10.minima![0]!.theta[1]!], [-0.2185578], 1e-7, 'w₂* scales by 10');
  // Fisher = Hessian at 0: eigenvalues 0.22994, 0.49550, 82.5558 → trace check
  const h0 = k.hessian!(new Float64Array(3));
  assertClose([h0[0]! + h0[4]! + h0[8]!], [0.22994 + 0.49550 + 82.5558], 1e-5, 'trace F(0)');
  const sep = createProblem({ id: 'logistic-regression', l2: 0.1, examples: 20, dim: 2 }, createRng(5));
  checkDerivatives(sep, rngPoint(2, 'v'));
});

test('softmax-regression: FD gradient and Hessian, Newton minimiser with l2', () => {
  const p = createProblem({ id: 'softmax-regression', examples: 40, dim: 3, classes: 3, l2: 0.01 }, createRng(7));
  assert.equal(p.dim, 12);
  const w = rngPoint(12, 'w');
  checkDerivatives(p, w);
  checkDerivatives(p, w, Int32Array.of(5, 6, 39));
  const star = Float64Array.from(p.minima![0]!.theta);
  assertClose(p.grad(star), new Float64Array(12), 1e-12, 'grad at θ*');
  const free = createProblem({ id: 'softmax-regression' }, createRng(7));
  assert.deepEqual(free.minima, []);
  // loss at θ = 0 is log K
  assertClose([free.loss(new Float64Array(free.dim))], [Math.log(3)], 1e-14, 'log K at 0');
});

test('mlp: FD gradient for every activation, teacher recovers zero loss, feedback hook equals backprop with Wᵀ', () => {
  for (const activation of ['tanh', 'relu', 'sigmoid', 'linear']) {
    const p = createProblem({ id: 'mlp', widths: [3, 5, 4, 2], activation, teacherHidden: [4], examples: 12, noise: 0.1 }, createRng(11));
    assert.equal(p.dim, 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2);
    // perturb the zero biases too, so no ReLU sits exactly on its kink (z = 0 when a whole layer is dead)
    const theta = p.init(createRng(12)).map((v, i) => v + 0.1 * rngPoint(p.dim, 'jitter')[i]!);
    checkDerivatives(p, theta, undefined, 1e-6);
    checkDerivatives(p, theta, Int32Array.of(1, 4, 4), 1e-6);
  }
  // a student with the teacher's architecture, set to the teacher's weights, has zero loss (noise 0)
  const s = createProblem({ id: 'mlp', widths: [3, 4, 1], teacherHidden: [4], examples: 10 }, createRng(9));
  const hooks = s.hooks as { feedbackGrad: Function; layout: { w: number[] } };
  const theta = s.init(createRng(1));
  const wT: Float64Array[] = [new Float64Array(0), theta.slice(hooks.layout.w[1]!, hooks.layout.w[1]! + 4)];
  const fa = hooks.feedbackGrad(theta, undefined, wT) as { grad: Float64Array };
  assertClose(fa.grad, s.grad(theta), 1e-15, 'feedback = W gives backprop');
  const other = hooks.feedbackGrad(theta, undefined, [undefined, Float64Array.of(1, 1, 1, 1)]) as { grad: Float64Array };
  assert.notDeepEqual(Array.from(other.grad), Array.from(s.grad(theta)));
  assert.throws(() => createProblem({ id: 'mlp', widths: [3, 2.5, 1] }, createRng(0)), /problem\.widths\[1\]/);
});
