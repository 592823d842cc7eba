import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.ts';
import { problems } from '../../src/problems/index.ts';
import { rules } from '../../src/rules/index.ts';

function capture() {
  const io = { stdout: '', stderr: '', cwd: process.cwd(), out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

test('list problems|rules|schedules --json mirrors the registries', async () => {
  const io = capture();
  assert.equal(await main(['list', 'problems', '--json'], io), 0);
  const ps = JSON.parse(io.stdout);
  assert.deepEqual(ps.map((p: { id: string }) => p.id), problems.map((p) => p.id));
  const rosen = ps.find((p: { id: string }) => p.id === 'rosenbrock');
  assert.deepEqual(rosen.params.map((x: { name: string; default: unknown }) => [x.name, x.default]), [['a', 1], ['b', 100]]);
  const io2 = capture();
  assert.equal(await main(['list', 'rules', '--json'], io2), 0);
  const rs = JSON.parse(io2.stdout);
  assert.deepEqual(rs.map((r: { id: string }) => r.id), rules.map((r) => r.id));
  const adam = rs.find((r: { id: string }) => r.id === 'adam');
  assert.deepEqual(adam.params.find((x: { name: string }) => x.name === 'betas').default, [0.9, 0.999]);
  const io3 = capture();
  assert.equal(await main(['list', 'schedules', '--json'], io3), 0);
  assert.ok(JSON.parse(io3.stdout).some((s: { id: string }) => s.id === 'warmup'));
});

test('list rules prints each entry with its hyperparameters and defaults', async () => {
  const io = capture();
  assert.equal(await main(['list', 'rules'], io), 0);
  assert.match(io.stdout, /^adam — /m);
  assert.match(io.stdout, /^ {4}betas: an array of 2 finite numbers in \[0, 1\), default \[0\.9,0\.999\]/m);
  const p = capture();
  assert.equal(await main(['list', 'problems'], p), 0);
  assert.match(p.stdout, /^mlp — /m);
  assert.match(p.stdout, /activation: one of "tanh", "relu", "sigmoid", "linear", default "tanh"/);
  const bad = capture();
  assert.equal(await main(['list', 'things'], bad), 2);
  assert.match(bad.stderr, /expected what to list: rules, problems, schedules/);
});
