// Rule.updateInPlace (optional fast path): the same step as `update` followed by θ ← θ + δ, with the same state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { createRule, ruleIds } from '../../src/rules/index.ts';
import type { StepContext } from '../../src/rules/types.ts';

test('updateInPlace equals update + (θ + δ) over several steps, with the same state, for every rule that has it', () => {
  const withFastPath = ruleIds.filter((id) => createRule(id).updateInPlace !== undefined);
  assert.ok(withFastPath.includes('group-rms'), `rules with updateInPlace: ${withFastPath.join(', ')}`);
  for (const id of withFastPath) {
    const a = createRule(id, { lr: 0.1 }), b = createRule(id, { lr: 0.1 });
    const rng = createRng(3);
    const dim = 37;
    const x = rng.fillNormal(new Float64Array(dim)), y = x.slice(), x0 = x.slice();
    let sa = a.init(x, { problem: undefined as never, rng: createRng(0) }), sb = b.init(y, { problem: undefined as never, rng: createRng(0) });
    for (let t = 0; t < 5; t++) {
      const g = rng.fillNormal(new Float64Array(dim), 0, 1 + t);
      const ctx = (theta: Float64Array): StepContext => ({
        step: t, theta, hyper: { ...a.hyper }, grad: () => g, loss: () => 0, gradAt: () => g, lossAt: () => 0,
        batch: undefined, problem: undefined as never, rng: createRng(1),
      });
      const r = a.update(ctx(x), sa);
      sa = r.state;
      for (let i = 0; i < dim; i++) x[i] = x[i]! + r.delta[i]!;
      sb = b.updateInPlace!(ctx(y), sb, y);
      assert.deepEqual(sb, sa, `${id} step ${t}: same state`);
      for (let i = 0; i < dim; i++) {
        assert.ok(Math.abs(x[i]! - y[i]!) <= 1e-15 * Math.max(1, Math.abs(x[i]!)), `${id} step ${t}: θ[${i}] ${y[i]} vs update + δ ${x[i]}`);
      }
    }
    assert.ok(y.some((v, i) => Math.abs(v - x0[i]!) > 1e-3), `${id}: θ moved`);
  }
});
