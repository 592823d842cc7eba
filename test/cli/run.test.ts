import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { createProblem } from '../../src/problems/index.ts';
import { createRule } from '../../src/rules/index.ts';
import { createRng } from '../../src/random/index.ts';
import { run } from '../../src/dynamics/runner.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function capture(cwd = root): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

test('run examples/quadratic-adam.yaml: JSON { config, trajectory } with steps+1 / steps rows, equal to the library run', async () => {
  const io = capture();
  assert.equal(await main(['run', 'examples/quadratic-adam.yaml'], io), 0, io.stderr);
  const j = JSON.parse(io.stdout);
  assert.equal(j.config.rule.id, 'adam');
  assert.deepEqual(j.config.rule.betas, [0.9, 0.999]);
  assert.equal(j.config.rule.eps, 1e-8); // defaults filled in
  const t = j.trajectory;
  assert.equal(t.theta.length, 201);
  assert.equal(t.loss.length, 201);
  assert.equal(t.grad.length, 201);
  assert.equal(t.update.length, 200);
  assert.deepEqual(t.theta[0], [1.5, -0.5]);
  for (let k = 0; k < 200; k++) for (let i = 0; i < 2; i++) assert.equal(t.update[k][i], t.theta[k + 1][i] - t.theta[k][i]);
  const p = createProblem({ id: 'quadratic', A: [[3, 0.5], [0.5, 1]], b: [1, -1] }, createRng(0));
  const ref = run({ problem: p, rule: createRule('adam', { lr: 0.01 }), steps: 200, seed: 0, init: [1.5, -0.5] });
  assert.deepEqual(t.theta.flat(), Array.from(ref.theta!));
  // Adam's first step moves each coordinate by ≈ lr·sign(g)
  assert.ok(Math.abs(Math.abs(t.update[0][0]) - 0.01) < 1e-8);
});

test('several rules side by side: runs [{ rule, trajectory }] from the same start; csv and table formats', async () => {
  const io = capture();
  assert.equal(await main(['run', 'examples/rosenbrock-rules.yaml'], io), 0, io.stderr);
  const j = JSON.parse(io.stdout);
  assert.deepEqual(j.runs.map((r: { rule: { id: string } }) => r.rule.id), ['sgd', 'momentum', 'adam']);
  for (const r of j.runs) {
    assert.deepEqual(r.trajectory.theta[0], [-2, 2]);
    assert.equal(r.trajectory.loss.length, 301);
    assert.equal(r.trajectory.grad, undefined); // not recorded
  }
  const csv = capture();
  assert.equal(await main(['run', 'examples/rosenbrock-rules.yaml', '--format', 'csv'], csv), 0);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'run,rule,step,loss,theta_0,theta_1');
  assert.equal(lines.length, 1 + 3 * 301);
  assert.equal(lines[1], '0,sgd,0,409,-2,2');
  const table = capture();
  assert.equal(await main(['run', 'examples/rosenbrock-rules.yaml', '--format', 'table'], table), 0);
  assert.match(table.stdout, /momentum\s+0\.0005\s+300/);
  assert.match(table.stdout, /dist to min/);
});

test('--out writes the file (format from the extension) and says so on stderr; data problems with schedule and batches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-run-'));
  try {
    const io = capture(dir);
    assert.equal(await main(['run', join(root, 'examples/logistic-sgd.json'), '--out', 'r.csv'], io), 0, io.stderr);
    assert.equal(io.stdout, '');
    assert.match(io.stderr, /wrote r\.csv \(csv, 1 run\)/);
    const lines = readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'run,rule,step,loss,theta_0,theta_1,theta_2,theta_3,theta_4,lr,batchLoss');
    assert.equal(lines.length, 402);
    const io2 = capture(dir);
    assert.equal(await main(['run', join(root, 'examples/logistic-sgd.json'), '--out', 'r.json'], io2), 0);
    const j = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.equal(j.trajectory.batchSize, 20);
    assert.equal(j.trajectory.epochs, 40);
    assert.ok(Math.abs(j.trajectory.lr[0] - 0.05) < 1e-15); // warm-up starts at 0.1·lr
    assert.ok(j.trajectory.loss[400] < j.trajectory.loss[0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('user module problem: relative to the config file; missing grad warns on stderr', async () => {
  const io = capture();
  assert.equal(await main(['run', 'examples/module-problem.yaml', '--format', 'table'], io), 0, io.stderr);
  assert.match(io.stdout, /problem module \(dim 2\)/);
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-mod-'));
  try {
    writeFileSync(join(dir, 'nograd.mjs'), 'export default { dim: 1, loss: (t) => (t[0] - 3) ** 2 };\n');
    writeFileSync(join(dir, 'bad.mjs'), 'export default { loss: (t) => 0 };\n');
    writeFileSync(join(dir, 'a.yaml'), 'problem: { module: ./nograd.mjs }\nrule: { id: gd, lr: 0.25 }\nsteps: 5\ninit: [0]\n');
    writeFileSync(join(dir, 'b.yaml'), 'problem: { module: ./bad.mjs }\nrule: gd\n');
    const a = capture(dir);
    assert.equal(await main(['run', 'a.yaml'], a), 0, a.stderr);
    assert.match(a.stderr, /warning: \.\/nograd\.mjs: no grad\(theta\) exported; using central differences/);
    const j = JSON.parse(a.stdout);
    assert.ok(Math.abs(j.trajectory.theta[1][0] - 1.5) < 1e-6); // GD: 0 − 0.25·(−6)
    const b = capture(dir);
    assert.equal(await main(['run', 'b.yaml'], b), 2);
    assert.match(b.stderr, /config problem\.module: \.\/bad\.mjs: the default export has dim = undefined; expected a positive integer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('divergence is reported in the output and on stderr, exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-div-'));
  try {
    writeFileSync(join(dir, 'd.yaml'), 'problem: rosenbrock\nrule: { id: gd, lr: 0.1 }\nsteps: 300\n');
    const io = capture(dir);
    assert.equal(await main(['run', 'd.yaml'], io), 0);
    const j = JSON.parse(io.stdout);
    assert.equal(j.trajectory.diverged, true);
    assert.equal(j.trajectory.loss.at(-1), null);
    assert.match(io.stderr, /gd diverged at step \d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
