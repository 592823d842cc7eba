import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problems, createProblem, problemSpec } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { ConfigError } from '../../src/errors.ts';
import { assertClose, checkDerivatives } from './helpers.ts';

const SURFACES = ['quadratic', 'booth', 'rosenbrock', 'beale', 'himmelblau', 'six-hump-camel', 'saddle', 'rastrigin', 'ackley', 'muller-brown'];

test('every 2-D surface is registered, with a window and finite derivatives', () => {
  for (const id of SURFACES) assert.ok(problems.some((p) => p.id === id), id);
});

for (const id of SURFACES) {
  test(`${id}: gradient and Hessian match central differences at random points in the window`, () => {
    const p = createProblem({ id }, createRng(0));
    assert.equal(p.dim, 2);
    assert.ok(p.window, 'window');
    const rng = createRng(`pts-${id}`);
    const [[x0, x1], [y0, y1]] = p.window!;
    for (let k = 0; k < 20; k++) {
      const theta = Float64Array.of(x0 + (x1 - x0) * rng.uniform(), y0 + (y1 - y0) * rng.uniform());
      checkDerivatives(p, theta, undefined, id === 'muller-brown' ? 1e-5 : 1e-6);
    }
    checkDerivatives(p, p.init(rng));
  });

  test(`${id}: declared minima are stationary points with the declared loss and a positive definite Hessian`, () => {
    const p = createProblem({ id }, createRng(0));
    for (const m of p.minima ?? []) {
      const theta = Float64Array.from(m.theta);
      assertClose([p.loss(theta)], [m.loss], 1e-12, `${id} loss at ${m.theta}`);
      if (id === 'ackley') continue; // a cone point: gradient is the subgradient 0 by definition
      const g = p.grad(theta);
      const scale = Math.max(1, Math.abs(p.hessian!(theta)[0]!));
      assertClose(g, [0, 0], 1e-9 * scale, `${id} grad at ${m.theta}`);
      const h = p.hessian!(theta);
      assert.ok(h[0]! > 0 && h[0]! * h[3]! - h[1]! * h[2]! > 0, `${id} Hessian PD at ${m.theta}`);
    }
  });
}

test('reference values (anchors §3.5, §5.4)', () => {
  const f = (id: string, x: number, y: number) => createProblem({ id }, createRng(0)).loss(Float64Array.of(x, y));
  assert.equal(f('rosenbrock', -2, 2), 409);
  assertClose([f('rastrigin', -2, 3.5)], [36.25], 1e-12, 'rastrigin(−2, 3.5)');
  assertClose([f('ackley', 1, 1)], [3.6253849], 1e-7, 'ackley(1, 1)');
  assertClose([f('himmelblau', -0.270845, -0.923039)], [181.616522], 1e-8, 'himmelblau local max');
  const mb = createProblem({ id: 'muller-brown' }, createRng(0)).minima!;
  assertClose(mb.map((m) => m.loss), [-146.69952, -108.16672, -80.76782], 1e-7, 'Müller–Brown minima');
  assertClose(mb[0]!.theta, [-0.558224, 1.441726], 1e-6, 'Müller–Brown A');
  const camel = createProblem({ id: 'six-hump-camel' }, createRng(0)).minima!;
  assertClose([camel[0]!.loss], [-1.0316284535], 1e-10, 'camel global minimum');
});

test('quadratic: minimiser A⁻¹b, N-dim, symmetric check, errors name the field', () => {
  const p = createProblem({ id: 'quadratic', A: [[2, 0, 0], [0, 4, 0], [0, 0, 8]], b: [2, 4, 8] }, createRng(0));
  assert.equal(p.dim, 3);
  assertClose(p.minima![0]!.theta, [1, 1, 1], 1e-15, 'θ*');
  assertClose([p.minima![0]!.loss], [-7], 1e-15, 'L*');
  checkDerivatives(p, Float64Array.of(0.3, -1, 2));
  assert.throws(() => createProblem({ id: 'quadratic', A: [[1, 2], [0, 1]], b: [0, 0] }, createRng(0)),
    (e: unknown) => e instanceof ConfigError && /problem\.A\[1\]\[0\].*symmetric/.test(e.message));
  assert.throws(() => createProblem({ id: 'quadratic', A: [[1, 0], [0, 1]], b: [0, 0, 0] }, createRng(0)),
    (e: unknown) => e instanceof ConfigError && /problem\.A/.test(e.message));
  assert.throws(() => createProblem({ id: 'rosenbrock', c: 1 }, createRng(0)),
    (e: unknown) => e instanceof ConfigError && /problem\.c.*accepted keys are id, a, b/.test(e.message));
  assert.throws(() => createProblem({ id: 'rosenbrok' }, createRng(0)),
    (e: unknown) => e instanceof ConfigError && /problem\.id.*rosenbrock/.test(e.message));
  assert.throws(() => createProblem({ id: 'rosenbrock', b: -1 }, createRng(0)),
    (e: unknown) => e instanceof ConfigError && /problem\.b: got -1; expected a finite number in \(0, ∞\]/.test(e.message));
  const indefinite = createProblem({ id: 'quadratic', A: [[1, 0], [0, -1]], b: [0, 0] }, createRng(0));
  assert.deepEqual(indefinite.minima, []);
  assert.equal(problemSpec('rosenbrock').params[1]!.default, 100);
});
