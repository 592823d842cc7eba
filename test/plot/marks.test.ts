import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binCounts, ellipsePoints, plot, line, dot, histogram } from '../../src/plot/index.ts';
import { NotPositiveDefiniteError, InvalidArgumentError } from '../../src/errors.ts';

test('ellipse boundary satisfies ΔᵀMΔ = ε and its semi-axes are √(ε/λ)', () => {
  const M = [[3, 1.2], [1.2, 0.8]] as const, eps = 0.5, c = [0.3, -2] as const;
  const pts = ellipsePoints(c, M, eps, 64);
  for (const [x, y] of pts) {
    const dx = x - c[0], dy = y - c[1];
    assert.ok(Math.abs(M[0][0] * dx * dx + 2 * M[0][1] * dx * dy + M[1][1] * dy * dy - eps) < 1e-12);
  }
  const r = pts.map(([x, y]) => Math.hypot(x - c[0], y - c[1]));
  const tr = 3.8, det = 3 * 0.8 - 1.44, disc = Math.sqrt(tr * tr / 4 - det);
  assert.ok(Math.abs(Math.max(...r) - Math.sqrt(eps / (tr / 2 - disc))) < 1e-12);
  assert.ok(Math.min(...r) >= Math.sqrt(eps / (tr / 2 + disc)) - 1e-12);
  assert.throws(() => ellipsePoints([0, 0], [[1, 2], [2, 1]]), NotPositiveDefiniteError);
  assert.throws(() => ellipsePoints([0, 0], [[1, 0.1], [0.2, 1]]), InvalidArgumentError);
});

test('binCounts agrees with a naive count, including the right edge and out-of-domain values', () => {
  const v = [0, 0.1, 0.25, 0.5, 0.5, 0.99, 1, NaN, Infinity, 1.5, -0.2];
  const { bars, outside, nonFinite } = binCounts(v, { bins: 4, domain: [0, 1] });
  assert.deepEqual(bars.map((b) => b.y), [2, 1, 2, 2]);
  assert.equal(outside, 2); assert.equal(nonFinite, 2);
  const d = binCounts([0.1, 0.2, 0.7], { bins: [0, 0.5, 1], density: true });
  assert.deepEqual(d.bars.map((b) => b.y), [2 / 3 / 0.5, 1 / 3 / 0.5]);
  const auto = binCounts([1, 2, 3, 4, 5], { bins: 2 });
  assert.equal(auto.outside, 0); assert.equal(auto.bars.reduce((s, b) => s + b.y, 0), 5);
});

test('non-finite points are dropped (breaking the line) and counted in <desc>, never thrown', () => {
  const y = [1, 2, NaN, 4, Infinity, 6, -Infinity];
  const chart = plot({ marks: [line(y, { label: 'loss' }), dot([[NaN, 1], [1, 1]])], y: { type: 'log' } });
  assert.deepEqual(chart.notes, ["line 'loss': dropped 3 non-finite or outside a log axis", 'dot: dropped 1 non-finite or outside a log axis']);
  assert.match(chart.svg, /<desc>[^<]*dropped 3 non-finite/);
  assert.doesNotMatch(chart.svg, /NaN|Infinity/);
  // Three pieces: [1,2], [4], [6] — a two-point path and two isolated dots.
  const d = /<path d="(M[^"]+)" fill="none" stroke="#0072B2"/.exec(chart.svg)![1]!;
  assert.equal(d.split('M').length - 1, 1);
  assert.equal((chart.svg.match(/<circle[^>]*fill="#0072B2"/g) ?? []).length, 2 + 0);
  const empty = plot({ marks: [line([NaN, NaN]), histogram([])] });
  assert.ok(empty.svg.startsWith('<svg'));
});

test('a figure renders identically twice and series take palette colours in order', () => {
  const make = (): string => plot({ marks: [line([1, 3, 2], { label: 'a' }), line([2, 1, 3], { label: 'b' })] }).svg;
  assert.equal(make(), make());
  const svg = make();
  assert.ok(svg.indexOf('#0072B2') < svg.indexOf('#D55E00'));
  assert.throws(() => plot({ width: 10, marks: [] }), InvalidArgumentError);
});
