import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raceFigure, runRace, startLabelPlacement, type RaceResult } from '../../src/experiments/race.ts';
import { race } from '../../src/cli/commands/race.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { assertSnapshot } from '../plot/snapshot.ts';
import { readPng } from '../plot/png.ts';

const grad = (x: number, y: number): [number, number] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
const rosen = (x: number, y: number): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

test('sgd and momentum trajectories equal hand-written GD and heavy-ball iterates (torch form b ← μb + g)', () => {
  const r = runRace({ surface: 'rosenbrock', rules: ['sgd', 'momentum'], steps: 200, seed: 0, start: [-1.5, 2], hyper: { sgd: { lr: 1e-3 }, momentum: { lr: 2e-4 } } });
  let [x, y] = [-1.5, 2];
  let [bx, by] = [0, 0];
  const gd = r.entries[0]!, hb = r.entries[1]!;
  assert.equal(gd.x.length, 201);
  for (let k = 0; k <= 200; k++) {
    assert.ok(Math.abs(gd.x[k]! - x) < 1e-12 && Math.abs(gd.y[k]! - y) < 1e-12, `gd step ${k}`);
    assert.ok(Math.abs(gd.loss[k]! - rosen(x, y)) < 1e-9 * (1 + rosen(x, y)));
    const [gx, gy] = grad(x, y); x -= 1e-3 * gx; y -= 1e-3 * gy;
  }
  [x, y] = [-1.5, 2];
  for (let k = 0; k <= 200; k++) {
    assert.ok(Math.abs(hb.x[k]! - x) < 1e-10 && Math.abs(hb.y[k]! - y) < 1e-10, `momentum step ${k}`);
    const [gx, gy] = grad(x, y);
    [bx, by] = k === 0 ? [gx, gy] : [0.9 * bx + gx, 0.9 * by + gy];
    x -= 2e-4 * bx; y -= 2e-4 * by;
  }
  assert.equal(gd.label, 'sgd (lr 0.001)');
});

test('--tune-lr picks the grid lr with the lowest final loss and says so in the label', () => {
  const grid = [1e-4, 1e-3, 3e-3];
  const r = runRace({ surface: 'rosenbrock', rules: ['sgd'], steps: 100, seed: 0, tuneLr: true, lrGrid: grid });
  const finals = grid.map((lr) => runRace({ surface: 'rosenbrock', rules: ['sgd'], steps: 100, seed: 0, hyper: { sgd: { lr } } }).entries[0]!.finalLoss);
  const best = grid[finals.indexOf(Math.min(...finals.map((v) => (Number.isFinite(v) ? v : Infinity))))]!;
  assert.equal(r.entries[0]!.lr, best);
  assert.match(r.entries[0]!.label, /^sgd \(lr [0-9.e-]+, tuned\)$/);
});

test('bad inputs are refused naming what is accepted', () => {
  assert.throws(() => runRace({ surface: 'rosenbrock', rules: ['nope'], steps: 5, seed: 0 }), /unknown rule "nope"; known rules: .*adam/);
  assert.throws(() => runRace({ surface: 'linear-regression', rules: ['sgd'], steps: 5, seed: 0 }), /2-D surface/);
  assert.throws(() => runRace({ surface: 'rosenbrock', rules: ['sgd'], steps: 0, seed: 0 }), /steps=0/);
});

test('race figure (seeded) matches its snapshot; a diverging rule is cut and noted, not fatal', () => {
  const r = runRace({ surface: 'rosenbrock', rules: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'], steps: 150, seed: 0, hyper: { sgd: { lr: 1e-3 }, momentum: { lr: 3e-4 }, nesterov: { lr: 3e-4 }, adagrad: { lr: 0.5 }, rmsprop: { lr: 0.01 }, adam: { lr: 0.1 } } });
  const svg = raceFigure(r, { resolution: 50 }).svg;
  assert.equal(svg, raceFigure(r, { resolution: 50 }).svg);
  assertSnapshot('race-rosenbrock', svg);
  const blowUp = runRace({ surface: 'rosenbrock', rules: ['sgd'], steps: 50, seed: 0, hyper: { sgd: { lr: 0.05 } } });
  assert.ok(!Number.isFinite(blowUp.entries[0]!.finalLoss) || blowUp.entries[0]!.finalLoss > 1e10);
  assert.doesNotMatch(raceFigure(blowUp, { resolution: 20 }).svg, /NaN|Infinity/);
});

function capture(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

test('learnscope race writes a PNG headlessly, prints JSON on stdout and progress on stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-race-'));
  try {
    const io = capture(dir);
    assert.equal(await race.run(['--rules', 'sgd,adam', '--steps', '60', '--out', 'fig/race.png', '--start=-1,1.5', '--json'], io), 0);
    const png = readPng(readFileSync(join(dir, 'fig', 'race.png')));
    assert.equal(png.width, 2080); assert.equal(png.height, 920);
    const json = JSON.parse(io.stdout);
    assert.deepEqual(json.start, [-1, 1.5]);
    assert.deepEqual(json.rules.map((r: { rule: string }) => r.rule), ['sgd', 'adam']);
    assert.equal(json.rules[0].trajectory.length, 61);
    assert.match(io.stderr, /adam \(lr 0.001\): final loss/);
    await assert.rejects(race.run(['--start=1'], capture(dir)), /two finite numbers/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a rule that blows up is cut at its divergence step, labelled, and the figure still renders to PNG', async () => {
  const { svgToPng } = await import('../../src/plot/png-node.ts');
  // sgd at lr 0.001 with Nesterov momentum 0.9 leaves Rosenbrock's valley within a few steps from (−2, 2).
  const result = runRace({ surface: 'rosenbrock', rules: ['nesterov', 'adam'], steps: 300, seed: 0 });
  const nesterov = result.entries[0]!;
  assert.notEqual(nesterov.divergedAt, null);
  assert.equal(nesterov.loss.length, nesterov.divergedAt! + 1);
  assert.match(nesterov.label, /diverged at step \d+/);
  assert.equal(nesterov.finalLoss, Infinity);
  assert.equal(result.entries[1]!.divergedAt, null);
  const png = readPng(svgToPng(raceFigure(result, { resolution: 40 }).svg, { scale: 1 }));
  assert.ok(png.width > 0);
});

test('the start label avoids the paths leaving the start and stays on the map', () => {
  const path = (pts: Array<[number, number]>) => ({
    x: Float64Array.from(pts, (p) => p[0]), y: Float64Array.from(pts, (p) => p[1]),
  });
  const result = (start: [number, number], paths: Array<Array<[number, number]>>): RaceResult => ({
    surface: 'rosenbrock', start, steps: 1, seed: 0, window: [[0, 10], [0, 10]], minLoss: null, minima: [],
    entries: paths.map((p, k) => ({ ...path(p), loss: new Float64Array(p.length), divergedAt: null, label: `r${k}` })),
  } as unknown as RaceResult);
  const w: [number, number] = [0, 10];
  // No paths: the default upper-right placement.
  assert.deepEqual(startLabelPlacement(result([5, 5], []), w, w), { dx: 8, dy: -8, anchor: 'start' });
  // A path leaving up and to the right: the label moves off it.
  const upRight = startLabelPlacement(result([5, 5], [[[5, 5], [5.8, 5.3]]]), w, w);
  assert.notDeepEqual(upRight, { dx: 8, dy: -8, anchor: 'start' }, 'label placed on the outgoing path');
  // Start on the right edge: the label never goes right, off the map.
  const edge = startLabelPlacement(result([9.9, 5], []), w, w);
  assert.equal(edge.anchor, 'end', 'label at the right edge must extend leftwards');
});
