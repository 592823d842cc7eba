// The paper-lti experiment (R-LTI-1/2/3) in its quick form: every check passes and the figures render.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paperLti, expm2, lyapunov } from '../../src/experiments/paper-lti.ts';
import { experiments } from '../../src/experiments/index.ts';

test('paper-lti --quick: all reference checks pass, figures are SVG', async () => {
  const report = await paperLti.run(paperLti.config({ quick: true, seed: 0 }), { progress: () => {} });
  const failed = report.checks.filter((c) => !c.pass);
  assert.deepEqual(failed, [], JSON.stringify(failed));
  assert.ok(report.checks.length >= 30);
  assert.equal(report.figures.length, 3);
  for (const f of report.figures) assert.match(f.svg, /^<svg|^<\?xml/);
  assert.ok(experiments.some((e) => e.id === 'paper-lti'));
});

test('expm2 and lyapunov helpers against closed forms', () => {
  // upper-triangular A: e^{At} = [[e^{−t}, 10(e^{−t} − e^{−2t})], [0, e^{−2t}]]
  for (const t of [0, 0.3, 2.5, 7]) {
    const E = expm2([-1, 10, 0, -2], t);
    const ref = [Math.exp(-t), 10 * (Math.exp(-t) - Math.exp(-2 * t)), 0, Math.exp(-2 * t)];
    E.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 1e-13 * (1 + Math.abs(ref[i]!)), `t=${t} [${i}] ${v} vs ${ref[i]}`));
  }
  const P = lyapunov({ rows: 2, cols: 2, data: Float64Array.of(-1, 10, 0, -2) }, { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) });
  [0.5, 5 / 3, 5 / 3, 103 / 12].forEach((v, i) => assert.ok(Math.abs(P.data[i]! - v) <= 1e-12));
});
