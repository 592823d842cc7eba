import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolines, logLevels, sampleGrid } from '../../src/plot/contour.ts';
import { contourLevels } from '../../src/plot/marks/contour.ts';

test('iso-lines of a plane are exact (linear interpolation is exact for linear f)', () => {
  const g = sampleGrid((x, y) => x + 2 * y, [-1, 1], [-1, 1], 21);
  for (const level of [-1.3, 0, 0.77, 2.5]) {
    const lines = isolines(g, level);
    assert.equal(lines.length, 1, `one polyline at level ${level}`);
    for (const [x, y] of lines[0]!) assert.ok(Math.abs(x + 2 * y - level) < 1e-12);
    // The line spans the whole box: both ends on its border.
    for (const [x, y] of [lines[0]![0]!, lines[0]![lines[0]!.length - 1]!]) {
      assert.ok(Math.abs(Math.abs(x) - 1) < 1e-12 || Math.abs(Math.abs(y) - 1) < 1e-12);
    }
  }
});

test('a circle level is one closed loop within the O(h²) interpolation error of the true radius', () => {
  const n = 81, h = 4 / (n - 1);
  const g = sampleGrid((x, y) => x * x + y * y, [-2, 2], [-2, 2], n);
  const lines = isolines(g, 1);
  assert.equal(lines.length, 1);
  const loop = lines[0]!;
  assert.deepEqual(loop[0], loop[loop.length - 1]); // closed
  for (const [x, y] of loop) assert.ok(Math.abs(Math.hypot(x, y) - 1) < h * h, `radius ${Math.hypot(x, y)}`);
  // Every crossing is visited once: about 4 crossings per cell row the circle passes.
  assert.ok(loop.length > 4 * (2 / h) * 0.9 && loop.length < 4 * (2 / h) * 2);
});

test('two separate basins give two loops; a saddle gives two open branches', () => {
  const basins = sampleGrid((x, y) => Math.min((x + 1) ** 2 + y * y, (x - 1) ** 2 + y * y), [-2.5, 2.5], [-1.5, 1.5], 51, 31);
  assert.equal(isolines(basins, 0.25).length, 2);
  const saddle = sampleGrid((x, y) => x * x - y * y, [-1, 1], [-1, 1], 20);
  const branches = isolines(saddle, 0.3);
  assert.equal(branches.length, 2);
  for (const b of branches) for (const [x, y] of b) assert.ok(Math.abs(x * x - y * y - 0.3) < 0.02);
});

test('non-finite samples skip their cells instead of failing', () => {
  const g = sampleGrid((x, y) => (x > 0.5 ? NaN : x * x + y * y), [-1, 1], [-1, 1], 41);
  const lines = isolines(g, 0.81);
  assert.ok(lines.length >= 1);
  for (const l of lines) for (const [x] of l) assert.ok(x <= 0.5 + 1e-12);
});

test('log-spaced levels are geometric above the minimum', () => {
  assert.deepEqual(logLevels(1, 1000, 4).map((v) => Math.round(v * 1e9) / 1e9), [1, 10, 100, 1000]);
  const g = sampleGrid((x, y) => 3 + (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-2, 2], [-1, 3], 41);
  const lv = contourLevels(g, 6, 'log');
  assert.equal(lv.length, 6);
  const h = lv.map((v) => v - 3);
  for (let k = 1; k < 5; k++) assert.ok(Math.abs(h[k + 1]! / h[k]! - h[k]! / h[k - 1]!) < 1e-9 * (h[k + 1]! / h[k]!));
  assert.throws(() => logLevels(0, 1, 3), /0 < lo < hi/);
});
