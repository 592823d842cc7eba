/**
 * Snapshot tests of deterministic figures (Observable Plot style) and headless PNG rendering. Data are closed forms
 * or a Halton sequence, so nothing depends on an RNG implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrow, contour, dot, ellipse, heatmap, histogram, line, panels, path, plot, ruleX, ruleY, text, type Chart } from '../../src/plot/index.ts';
import { svgToPng, writeFigure } from '../../src/plot/png-node.ts';
import { assertSnapshot } from './snapshot.ts';
import { readPng } from './png.ts';

const rosenbrock = (x: number, y: number): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

/** Van der Corput radical inverse: a deterministic low-discrepancy sequence in [0, 1). */
function halton(i: number, base: number): number {
  let f = 1, r = 0;
  for (let n = i + 1; n > 0; n = Math.floor(n / base)) { f /= base; r += f * (n % base); }
  return r;
}

function gdPath(start: [number, number], lr: number, steps: number): { pts: Array<[number, number]>; loss: number[] } {
  let [x, y] = start;
  const pts: Array<[number, number]> = [], loss: number[] = [];
  for (let t = 0; t <= steps; t++) {
    pts.push([x, y]); loss.push(rosenbrock(x, y));
    const gx = -2 * (1 - x) - 400 * x * (y - x * x), gy = 200 * (y - x * x);
    x -= lr * gx; y -= lr * gy;
  }
  return { pts, loss };
}

function raceFigure(): Chart {
  const slow = gdPath([-1.5, 2], 5e-4, 300), fast = gdPath([-1.5, 2], 1.5e-3, 300);
  const map = plot({
    width: 420, height: 360, title: 'Rosenbrock', x: { label: 'x' }, y: { label: 'y' },
    marks: [
      contour(rosenbrock, { x: [-2, 2], y: [-1, 3], levels: 10, spacing: 'log', resolution: 40 }),
      line(slow.pts, { label: 'gd (lr 5e-4)' }), line(fast.pts, { label: 'gd (lr 1.5e-3)' }),
      dot([[-1.5, 2]], { fill: 'black', r: 3.5 }), dot([[1, 1]], { fill: 'black', symbol: 'star', r: 5 }),
      text(1, 1, 'minimum', { dx: 9 }),
    ],
  });
  const loss = plot({
    width: 360, height: 360, title: 'loss', x: { label: 'step' }, y: { label: 'f(θ)', type: 'log' },
    marks: [line(slow.loss, { label: 'gd (lr 5e-4)' }), line(fast.loss, { label: 'gd (lr 1.5e-3)' })], legend: false,
  });
  return panels([map, loss], { title: 'gradient descent on Rosenbrock' });
}

const figures: Record<string, () => Chart> = {
  'line-log-nonfinite': () => plot({
    width: 480, height: 300, title: 'loss with a divergence', x: { label: 'step' }, y: { label: 'loss', type: 'log' },
    marks: [
      line(Array.from({ length: 60 }, (_, t) => 10 * Math.exp(-t / 8) + 1e-3), { label: 'converges' }),
      line(Array.from({ length: 60 }, (_, t) => (t < 40 ? 5 * 1.1 ** t : t < 45 ? NaN : Infinity)), { label: 'diverges', dash: '5 3' }),
      ruleY(1e-3, { dash: '2 2', label: 'floor' }),
    ],
  }),
  race: raceFigure,
  'heatmap-ellipse': () => plot({
    width: 480, height: 380, title: 'metric ellipses', x: { label: 'θ₁' }, y: { label: 'θ₂' },
    marks: [
      heatmap((x, y) => 0.5 * (3 * x * x + 2 * x * y + y * y), { x: [-2, 2], y: [-2, 2], resolution: 24, label: 'L(θ)' }),
      ellipse([0, 0], [[3, 1], [1, 1]], { eps: 1, stroke: 'white', label: 'Hessian ball' }),
      ellipse([-1, 1], [[1, 0], [0, 4]], { eps: 0.25, stroke: '#D55E00', dash: '4 2', label: 'metric at θ' }),
      arrow([-1, 1], [-0.4, 0.7], { stroke: 'white', label: '−∇L' }),
      ruleX(0, { stroke: 'white', opacity: 0.4 }),
    ],
    legend: 'inside',
  }),
  'histogram-density': () => {
    const samples = Array.from({ length: 3000 }, (_, i) => Math.sqrt(-2 * Math.log(1 - halton(i, 2))) * Math.cos(2 * Math.PI * halton(i, 3)));
    const xs = Array.from({ length: 121 }, (_, k) => -4 + k / 15);
    return plot({
      width: 480, height: 300, title: 'stationary law', x: { label: 'θ' }, y: { label: 'density' },
      marks: [
        histogram(samples, { bins: 30, density: true, domain: [-4, 4], label: 'samples' }),
        line(xs.map((x) => [x, Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)] as [number, number]), { stroke: 'black', label: 'Boltzmann', dash: '4 3' }),
        path([[-1, 0.05], [1, 0.05], [1, 0.1], [-1, 0.1]], { closed: true, fill: '#cccccc', fillOpacity: 0.3, stroke: 'none' }),
      ],
      legend: 'inside',
    });
  },
};

for (const [name, make] of Object.entries(figures)) {
  test(`figure '${name}' matches its snapshot and renders the same twice`, () => {
    const a = make().svg, b = make().svg;
    assert.equal(a, b);
    assert.doesNotMatch(a, /NaN|Infinity|undefined/);
    assertSnapshot(name, a);
  });
}

test('the non-finite line is noted in <desc>', () => {
  const chart = figures['line-log-nonfinite']!();
  assert.deepEqual(chart.notes, ["line 'diverges': dropped 20 non-finite or outside a log axis"]);
});

test('PNG renders at the requested scale, with a PNG signature, and is not blank', () => {
  const chart = figures.race!();
  const png = svgToPng(chart.svg, { scale: 1.5 });
  const img = readPng(png);
  assert.equal(img.width, Math.round(chart.width * 1.5));
  assert.equal(img.height, Math.round(chart.height * 1.5));
  let sum = 0, sum2 = 0, n = 0, coloured = 0;
  for (let i = 0; i < img.pixels.length; i += img.channels) {
    const r = img.pixels[i]!, g = img.pixels[i + 1]!, b = img.pixels[i + 2]!;
    const v = (r + g + b) / 3;
    sum += v; sum2 += v * v; n++;
    if (Math.abs(r - b) > 60) coloured++; // the blue and vermillion trajectories
  }
  const variance = sum2 / n - (sum / n) ** 2;
  assert.ok(variance > 10, `pixel variance ${variance}`);
  assert.ok(coloured > 200, `${coloured} strongly coloured pixels`);
});

test('writeFigure writes NAME.svg and NAME.png and refuses path-like names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-plot-'));
  try {
    const svg = figures['histogram-density']!().svg;
    const p = writeFigure(dir, 'hist', svg, { scale: 1 });
    assert.equal(readFileSync(p.svg, 'utf8'), svg);
    assert.equal(readPng(readFileSync(p.png)).width, 480);
    assert.throws(() => writeFigure(dir, '../evil', svg), /file stem/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
