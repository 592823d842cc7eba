// The wasm SIMD128 Adam kernel (src/rules/wasm/adam.c) is bit-identical to the TypeScript loop for every variant
// (maximize, amsgrad, eps inside/outside, coupled/decoupled weight decay), including the odd-length scalar tail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arenaOf, WASM_MIN_DIM } from '../../src/rules/adam-kernel.ts';
import { createRule } from '../../src/rules/index.ts';
import type { StepContext } from '../../src/rules/types.ts';

type S = { step: number; expAvg: Float64Array; expAvgSq: Float64Array; maxExpAvgSq: Float64Array | null };
const n = WASM_MIN_DIM + 905; // odd: the kernel's scalar tail runs too

function noise(seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  return Float64Array.from({ length: n }, () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 31 - 1; });
}

for (const id of ['adam', 'adamw']) {
  for (const maximize of [false, true]) for (const amsgrad of [false, true]) for (const epsPlacement of ['outside', 'inside']) {
    const hyper = { lr: 0.01, weightDecay: id === 'adam' ? 0.1 : 0.01, maximize, amsgrad, epsPlacement };
    test(`${id} ${JSON.stringify(hyper)}: wasm kernel ≡ TypeScript loop, bit for bit`, () => {
      for (const wd of [0, hyper.weightDecay]) {
        const rule = createRule(id, { ...hyper, weightDecay: wd });
        const theta = noise(7);
        const wasmState = rule.init(theta, { problem: undefined as never, rng: undefined as never }) as S;
        assert.ok(arenaOf(wasmState.expAvg) !== undefined, 'large states get a wasm arena');
        const tsState: S = { step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n), maxExpAvgSq: amsgrad ? new Float64Array(n) : null };
        for (let k = 0; k < 4; k++) {
          const g = noise(100 + k);
          if (k === 2) g.fill(0, 0, 50); // exact zeros and a shrinking v exercise amsgrad's max
          const ctx = { step: k, theta, hyper: rule.hyper, grad: () => g } as unknown as StepContext;
          const a = rule.update(ctx, wasmState).delta, b = rule.update(ctx, tsState).delta;
          assert.deepEqual(a, b, `δ differs at step ${k + 1}`);
        }
        assert.deepEqual(wasmState.expAvg, tsState.expAvg);
        assert.deepEqual(wasmState.expAvgSq, tsState.expAvgSq);
        assert.deepEqual(wasmState.maxExpAvgSq, tsState.maxExpAvgSq);
      }
    });
  }
}

test('small states stay on plain arrays (no wasm arena)', () => {
  const s = createRule('adam').init(new Float64Array(10), { problem: undefined as never, rng: undefined as never }) as S;
  assert.equal(arenaOf(s.expAvg), undefined);
});

test("computing ∇L into buffers().grad and passing buffers().out as ctx.out gives the same steps, copy-free", () => {
  const run = (useBuffers: boolean) => {
    const rule = createRule('adamw', { lr: 0.01, amsgrad: true });
    const theta = noise(3);
    const state = rule.init(theta, { problem: undefined as never, rng: undefined as never }) as S;
    const bufs = rule.buffers!(state)!;
    assert.ok(bufs !== null);
    const deltas: Float64Array[] = [];
    for (let k = 0; k < 3; k++) {
      const g = noise(50 + k);
      const grad = useBuffers ? () => { bufs.grad.set(g); return bufs.grad; } : () => g;
      const ctx = { step: k, theta, hyper: rule.hyper, grad, ...(useBuffers ? { out: bufs.out } : {}) } as unknown as StepContext;
      const { delta } = rule.update(ctx, state);
      if (useBuffers) assert.equal(delta, bufs.out);
      deltas.push(delta.slice());
    }
    return deltas;
  };
  assert.deepEqual(run(true), run(false));
  const small = createRule('adam');
  assert.equal(small.buffers!(small.init(new Float64Array(3), { problem: undefined as never, rng: undefined as never })), null);
});
