import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearTicks, makeScale, niceDomain, tickStep } from '../../src/plot/scale.ts';
import { num, powerOfTen, px, tickLabel } from '../../src/plot/format.ts';

test('tickStep picks 1, 2 or 5 × 10^k', () => {
  assert.equal(tickStep(0, 10, 5), 2);
  assert.equal(tickStep(0, 1, 10), 0.1);
  assert.equal(tickStep(0, 100, 4), 20);
  assert.equal(tickStep(-3, 3, 5), 1);
  assert.equal(tickStep(0, 0.003, 3), 0.001);
  assert.equal(tickStep(0, 7000, 2), 5000);
});

test('linear ticks are exact multiples, free of float noise in their labels', () => {
  assert.deepEqual(linearTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
  const labels = makeScale('linear', [0, 0.3], [0, 100]).ticks(3).map((t) => t.label);
  assert.deepEqual(labels, ['0.0', '0.1', '0.2', '0.3']);
  assert.deepEqual(makeScale('linear', [-2, 2], [0, 100]).ticks(4).map((t) => t.label), ['−2', '−1', '0', '1', '2']);
});

test('niceDomain expands to tick multiples and handles a degenerate range', () => {
  assert.deepEqual(niceDomain(0.13, 9.7, 5), [0, 10]);
  assert.deepEqual(niceDomain(-0.2, 0.93, 5), [-0.2, 1]);
  assert.deepEqual(niceDomain(5, 5, 4), [4.4, 5.6]); // ±0.5 padded, then to multiples of 0.2
  assert.deepEqual(linearTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

test('scales map domain ends to range ends (y inverted) and log scales place decades evenly', () => {
  const s = makeScale('linear', [0, 10], [300, 20]);
  assert.equal(s.map(0), 300); assert.equal(s.map(10), 20); assert.equal(s.map(5), 160);
  const l = makeScale('log', [1e-3, 1e1], [0, 400]);
  assert.ok(Math.abs(l.map(1e-2) - 100) < 1e-9 && Math.abs(l.map(1) - 300) < 1e-9);
  assert.equal(l.accepts(0), false); assert.equal(l.accepts(-1), false); assert.equal(l.accepts(NaN), false);
  const labelled = l.ticks(5).filter((t) => t.label).map((t) => t.label);
  assert.deepEqual(labelled, ['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹']);
  assert.equal(l.ticks(5).filter((t) => t.minor).length, 0); // 4 decades: no 2…9 minor ticks
  const l3 = makeScale('log', [1e-1, 1e2], [0, 400]);
  assert.equal(l3.ticks(5).filter((t) => t.minor).length, 3 * 8); // 3 decades: 2…9 in each
  const wide = makeScale('log', [1e-3, 1e3], [0, 400]).ticks(3).filter((t) => t.label).map((t) => t.label);
  assert.deepEqual(wide, ['10⁻³', '10⁻¹', '10¹', '10³']); // every 2nd decade, from the lowest
  assert.throws(() => makeScale('log', [0, 1], [0, 1]), /positive/);
});

test('number formatting is fixed-precision and platform-stable', () => {
  assert.equal(px(1 / 3), '0.33'); assert.equal(px(-0.001), '0'); assert.equal(px(12), '12');
  assert.equal(num(123456789), '1.235e+8'); assert.equal(num(0.5), '0.5');
  assert.equal(powerOfTen(-12), '10⁻¹²');
  assert.equal(tickLabel(-0.5, 0.5), '−0.5'); assert.equal(tickLabel(2e-6, 1e-6), '2×10⁻⁶');
});
