import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { moduleProblem } from '../../src/problems/module.ts';
import { loadModuleProblem } from '../../src/problems/module-node.ts';
import { ConfigError, ShapeError } from '../../src/errors.ts';
import { createRng } from '../../src/random/index.ts';
import { assertClose, fdGrad } from './helpers.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('user module: loads examples/my-problem.mjs relative to a base folder; grad matches FD', async () => {
  const warnings: string[] = [];
  const p = await loadModuleProblem('./my-problem.mjs', join(root, 'examples'), (m) => warnings.push(m));
  assert.equal(p.dim, 2);
  assert.deepEqual(warnings, []);
  const t = Float64Array.of(0.3, -0.7);
  assertClose(p.grad(t), fdGrad(p, t), 1e-8, 'module grad');
  assert.deepEqual(Array.from(p.init(createRng(0))), [-1.5, 1]);
  await assert.rejects(loadModuleProblem('./nope.mjs', root, () => {}), (e: unknown) => e instanceof ConfigError && /not found/.test((e as Error).message));
});

test('user module without grad: central differences with one warning; init defaults to zeros', () => {
  const warnings: string[] = [];
  const p = moduleProblem({ dim: 3, loss: (t: Float64Array) => t[0]! ** 2 + Math.sin(t[1]!) * t[2]! }, 'm.mjs', (m) => warnings.push(m));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /central differences/);
  const t = Float64Array.of(0.5, 1, 2);
  assertClose(p.grad(t), [1, Math.cos(1) * 2, Math.sin(1)], 1e-8, 'FD fallback');
  assert.deepEqual(Array.from(p.init(createRng(0))), [0, 0, 0]);
});

test('bad modules name what is missing', () => {
  const bad = (m: unknown, re: RegExp) => assert.throws(() => moduleProblem(m, 'bad.mjs', () => {}),
    (e: unknown) => e instanceof ConfigError && re.test((e as Error).message) && /problem\.module/.test((e as Error).message));
  bad(undefined, /default export is missing/);
  bad({ loss: () => 0 }, /dim = undefined; expected a positive integer/);
  bad({ dim: 2 }, /no loss\(theta\) function/);
  bad({ dim: 2, loss: () => 0, grad: 3 }, /grad is number/);
  const p = moduleProblem({ dim: 2, loss: () => 0, grad: () => [1, 2, 3] }, 'short.mjs', () => {});
  assert.throws(() => p.grad(Float64Array.of(0, 0)), (e: unknown) => e instanceof ShapeError && /grad\(theta\) returned length 3; expected dim = 2/.test((e as Error).message));
});
