// Rule.apply (optional fused step): θ moves in place to what `update` followed by θ + δ gives, with the same state;
// with ctx.out it also receives θ_{k+1} − θ_k exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { createRule, ruleIds } from '../../src/rules/index.ts';
import type { StepContext } from '../../src/rules/types.ts';

const withApply = ruleIds.filter((id) => createRule(id).apply !== undefined);

test('the rules with a fused apply include group-rms and adam', () => {
  for (const id of ['group-rms', 'adam']) assert.ok(withApply.includes(id), `rules with apply: ${withApply.join(', ')}`);
});

for (const id of withApply) {
  for (const recordChange of [false, true]) {
    test(`${id}: apply ${recordChange ? 'with' : 'without'} ctx.out equals update + (θ + δ) over several steps, same state`, () => {
      const a = createRule(id, { lr: 0.1 }), b = createRule(id, { lr: 0.1 });
      const rng = createRng(3);
      const dim = 37;
      const x = rng.fillNormal(new Float64Array(dim)), y = x.slice(), x0 = x.slice();
      let sa = a.init(x, { problem: undefined as never, rng: createRng(0) });
      let sb = b.init(y, { problem: undefined as never, rng: createRng(0) });
      for (let t = 0; t < 5; t++) {
        const g = rng.fillNormal(new Float64Array(dim), 0, 1 + t);
        const change = recordChange ? new Float64Array(dim) : undefined;
        const ctx = (theta: Float64Array, out?: Float64Array): StepContext => ({
          step: t, theta, hyper: { ...a.hyper }, grad: () => g, loss: () => 0, gradAt: () => g, lossAt: () => 0,
          batch: undefined, problem: undefined as never, rng: createRng(1), ...(out ? { out } : {}),
        });
        y.set(x); // both start the step from the same θ, so at most one step's rounding separates them
        const r = a.update(ctx(x), sa);
        sa = r.state;
        for (let i = 0; i < dim; i++) x[i] = x[i]! + r.delta[i]!;
        const before = y.slice();
        sb = b.apply!(ctx(y, change), sb);
        assert.deepEqual(sb, sa, `${id} step ${t}: same state`);
        for (let i = 0; i < dim; i++) {
          // Bit for bit, or one rounding apart where BLAS fuses θ + α·∇L into one multiply-add.
          const tol = 2.3e-16 * (Math.abs(before[i]!) + Math.abs(r.delta[i]!));
          assert.ok(Math.abs(x[i]! - y[i]!) <= tol, `${id} step ${t}: θ[${i}] ${y[i]} vs update + δ ${x[i]}`);
          if (change) assert.equal(change[i], y[i]! - before[i]!, `${id} step ${t}: ctx.out[${i}] is θ_{k+1} − θ_k`);
        }
      }
      assert.ok(y.some((v, i) => Math.abs(v - x0[i]!) > 1e-3), `${id}: θ moved`);
    });
  }
}
