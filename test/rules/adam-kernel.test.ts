// The fused Adam update Kernels.adamStep in its three forms — the TypeScript loop (portable backend), the wasm
// SIMD128 kernel (src/rules/wasm/adam.c, large states on the portable backend) and the native C kernel
// (native/adam.c) — against a slow reference written with common.ts's per-entry helpers, bit for bit, for every
// flag combination (maximize, amsgrad, eps inside/outside, weight decay, apply in place with and without the
// change written out), on an odd length so the scalar tails run too. Then the rule: `apply` ≡ `update` + θ + δ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendInfo, kernels, nativeKernels, portableKernels } from '../../src/kernels/index.ts';
import { nativeAddonBuilt, nativeAddonPath } from '../../src/kernels/native/load-node.ts';
import { ADAM_FLAGS } from '../../src/kernels/types.ts';
import { arenaOf, createAdamArena, WASM_MIN_DIM } from '../../src/rules/adam-kernel.ts';
import { effectiveGrad, ema, emaSquare } from '../../src/rules/common.ts';
import { createRule } from '../../src/rules/index.ts';
import type { StepContext } from '../../src/rules/types.ts';

type S = { step: number; expAvg: Float64Array; expAvgSq: Float64Array; maxExpAvgSq: Float64Array | null };
const { MAXIMIZE, AMSGRAD, INSIDE, THETA, APPLY } = ADAM_FLAGS;
const n = WASM_MIN_DIM + 905; // odd: every kernel's scalar tail runs too
const mustRunNative = nativeAddonBuilt() || process.env['LEARNSCOPE_BACKEND'] === 'native';

function noise(seed: number, len = n): Float64Array {
  let s = seed >>> 0 || 1;
  return Float64Array.from({ length: len }, () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 31 - 1; });
}

/** Step-t coefficients in Kernels.adamStep's order, as adam.ts computes them. */
function coefficients(t: number, lr: number, l2: number, shrink: number): Float64Array {
  const b1 = 0.9, b2 = 0.999, bc2 = 1 - b2 ** t;
  return Float64Array.of(b1, 1 - b1, b2, 1 - b2, l2, -(lr / (1 - b1 ** t)), bc2, Math.sqrt(bc2), 1e-8, shrink);
}

/** The slow reference: torch 1.13's single-tensor Adam, entry by entry, through common.ts's helpers. */
function reference(flags: number, c: Float64Array, g: Float64Array, th: Float64Array, m: Float64Array, v: Float64Array,
  vmax: Float64Array | null, d: Float64Array | null): void {
  for (let i = 0; i < g.length; i++) {
    const t = th[i]!;
    const x = flags & THETA ? effectiveGrad(g[i]!, t, c[4]!, (flags & MAXIMIZE) !== 0) : effectiveGrad(g[i]!, 0, 0, (flags & MAXIMIZE) !== 0);
    m[i] = ema(m[i]!, x, c[0]!, c[1]!);
    let vi = (v[i] = emaSquare(v[i]!, x, c[2]!, c[3]!));
    if (flags & AMSGRAD) vi = vmax![i] = Math.max(vmax![i]!, vi);
    const denom = flags & INSIDE ? Math.sqrt(vi / c[6]! + c[8]!) : Math.sqrt(vi) / c[7]! + c[8]!;
    let delta = (c[5]! * m[i]!) / denom;
    if (flags & THETA) delta = delta - c[9]! * t;
    if (flags & APPLY) { th[i] = t + delta; if (d) d[i] = th[i]! - t; } else d![i] = delta;
  }
}

type Impl = (flags: number, c: Float64Array, g: Float64Array, th: Float64Array, m: Float64Array, v: Float64Array,
  vmax: Float64Array | null, d: Float64Array | null) => void;

function wasmImpl(amsgrad: boolean, inArena: boolean): Impl | null {
  const arena = createAdamArena(n, amsgrad);
  if (arena === null) return null;
  return (flags, c, g, th, m, v, vmax, d) => {
    arena.m.set(m); arena.v.set(v); if (vmax) arena.vmax!.set(vmax);
    // inArena: the caller keeps g, θ and δ in the arena's buffers (no copies); else the arena copies them.
    const gg = inArena ? (arena.g.set(g), arena.g) : g, tt = inArena ? (arena.theta.set(th), arena.theta) : th;
    const dd = d === null ? null : inArena ? arena.d : d;
    arena.step(flags, c, gg, tt, dd);
    m.set(arena.m); v.set(arena.v); if (vmax) vmax.set(arena.vmax!);
    if (inArena) { th.set(arena.theta); if (d) d.set(arena.d); }
  };
}

const FLAG_SETS: number[] = [];
for (let f = 0; f < 32; f++) FLAG_SETS.push(f);

for (const flags of FLAG_SETS) {
  const name = ['maximize', 'amsgrad', 'inside', 'theta', 'apply'].filter((_, k) => flags & (1 << k)).join('+') || 'plain';
  test(`adamStep ${name}: TypeScript, wasm and native kernels ≡ the reference, bit for bit`, () => {
    const amsgrad = (flags & AMSGRAD) !== 0;
    const impls: [string, Impl | null][] = [
      ['portable', (...a) => portableKernels.adamStep(n, ...a)],
      ['wasm (copies)', wasmImpl(amsgrad, false)],
      ['wasm (in arena)', wasmImpl(amsgrad, true)],
    ];
    const nk = nativeKernels();
    if (mustRunNative) {
      assert.ok(nk !== null, `native addon unavailable: ${backendInfo().nativeError ?? 'unknown'}`);
      impls.push(['native', (...a) => nk.adamStep(n, ...a)]);
    }
    assert.ok(impls[1]![1] !== null, 'WebAssembly SIMD is available in Node 20, so the wasm kernel must load');
    for (const withOut of flags & APPLY ? [true, false] : [true]) {
      for (const [label, impl] of impls) {
        const ref = { th: noise(7), m: new Float64Array(n), v: new Float64Array(n), vmax: amsgrad ? new Float64Array(n) : null, d: withOut ? new Float64Array(n) : null };
        const got = { th: noise(7), m: new Float64Array(n), v: new Float64Array(n), vmax: amsgrad ? new Float64Array(n) : null, d: withOut ? new Float64Array(n) : null };
        for (let k = 1; k <= 4; k++) {
          const g = noise(100 + k);
          if (k === 3) g.fill(0, 0, 50); // exact zeros and a shrinking v exercise amsgrad's max
          const c = coefficients(k, 0.01, flags & THETA ? 0.1 : 0, flags & THETA ? 0.001 : 0);
          reference(flags, c, g, ref.th, ref.m, ref.v, ref.vmax, ref.d);
          impl!(flags, c, g, got.th, got.m, got.v, got.vmax, got.d);
          const where = `${label}, out ${withOut}, step ${k}`;
          assert.deepEqual(got.m, ref.m, `m differs (${where})`);
          assert.deepEqual(got.v, ref.v, `v differs (${where})`);
          assert.deepEqual(got.vmax, ref.vmax, `vmax differs (${where})`);
          assert.deepEqual(got.th, ref.th, `θ differs (${where})`);
          assert.deepEqual(got.d, ref.d, `d differs (${where})`);
        }
        const th0 = noise(7);
        assert.equal(ref.th.some((x, i) => x !== th0[i]), (flags & APPLY) !== 0, `θ moves exactly when applying (${label})`);
      }
    }
  });
}

test('adamStep refuses a missing vmax or d, and (native) arrays that share memory', () => {
  const ks = [portableKernels, ...(mustRunNative && nativeKernels() ? [nativeKernels()!] : [])];
  const a = () => new Float64Array(8), c = coefficients(1, 0.1, 0, 0);
  for (const k of ks) {
    assert.throws(() => k.adamStep(8, AMSGRAD, c, a(), a(), a(), a(), null, a()), /vmax/, `${k.name}: amsgrad without vmax`);
    assert.throws(() => k.adamStep(8, 0, c, a(), a(), a(), a(), null, null), /argument d/, `${k.name}: no d without apply`);
  }
  const nk = mustRunNative ? nativeKernels() : null;
  if (nk) {
    const m = a();
    assert.throws(() => nk.adamStep(8, 0, c, a(), a(), m, m, null, a()), /share memory/, 'm and v are the same array');
    const big = new Float64Array(16);
    assert.throws(() => nk.adamStep(8, 0, c, big.subarray(4, 12), a(), a(), a(), null, big.subarray(0, 8)), /share memory/, 'g overlaps d');
    assert.throws(() => nk.adamStep(9, 0, c, a(), a(), a(), a(), null, a()), /at least 9/, 'arrays shorter than n');
  }
});

const ctxOf = (theta: Float64Array, hyper: unknown, g: Float64Array, out?: Float64Array) =>
  ({ step: 0, theta, hyper, grad: () => g, ...(out ? { out } : {}) }) as unknown as StepContext;

for (const id of ['adam', 'adamw']) {
  test(`${id}: apply (θ in place, change into ctx.out) ≡ update then θ + δ, bit for bit, on the active backend`, () => {
    for (const hyper of [{ lr: 0.01 }, { lr: 0.01, amsgrad: true, weightDecay: 0.05, epsPlacement: 'inside' }]) {
      const a = createRule(id, hyper), b = createRule(id, hyper);
      const thA = noise(3), thB = noise(3);
      let sA = a.init(thA, { problem: undefined as never, rng: undefined as never });
      let sB = b.init(thB, { problem: undefined as never, rng: undefined as never });
      const change = new Float64Array(n);
      for (let k = 0; k < 3; k++) {
        const g = noise(50 + k);
        const r = a.update(ctxOf(thA, a.hyper, g), sA);
        sA = r.state;
        const next = thA.map((t, i) => t + r.delta[i]!);
        sB = b.apply!(ctxOf(thB, b.hyper, g, change), sB);
        assert.deepEqual(thB, next, `θ after step ${k + 1}`);
        assert.deepEqual(change, next.map((t, i) => t - thA[i]!), `recorded change at step ${k + 1}`);
        thA.set(next);
      }
      assert.deepEqual(sB, sA, 'same state');
    }
  });
}

test('state placement: wasm arena for large states only on the portable backend; plain arrays otherwise', () => {
  const large = createRule('adam').init(new Float64Array(n), { problem: undefined as never, rng: undefined as never }) as S;
  assert.equal(arenaOf(large.expAvg) !== undefined, kernels().name === 'portable', `arena on ${kernels().name}`);
  const small = createRule('adam').init(new Float64Array(10), { problem: undefined as never, rng: undefined as never }) as S;
  assert.equal(arenaOf(small.expAvg), undefined, 'small states never get an arena');
});

test('computing ∇L into buffers().grad, keeping θ in buffers().theta and δ in buffers().out gives the same steps', () => {
  const run = (useBuffers: boolean) => {
    const rule = createRule('adamw', { lr: 0.01, amsgrad: true });
    let theta = noise(3);
    const state = rule.init(theta, { problem: undefined as never, rng: undefined as never }) as S;
    const bufs = rule.buffers!(state);
    if (kernels().name === 'native') { assert.equal(bufs, null, 'native states have no wasm buffers'); return []; }
    assert.ok(bufs !== null && bufs.theta !== undefined, 'portable large states offer their wasm buffers');
    if (useBuffers) { bufs.theta!.set(theta); theta = bufs.theta!; }
    const steps: Float64Array[] = [];
    for (let k = 0; k < 3; k++) {
      const g = noise(50 + k);
      const grad = useBuffers ? () => { bufs.grad.set(g); return bufs.grad; } : () => g;
      const ctx = { step: k, theta, hyper: rule.hyper, grad, ...(useBuffers ? { out: bufs.out } : {}) } as unknown as StepContext;
      if (k === 2) rule.apply!(ctx, state);
      else {
        const { delta } = rule.update(ctx, state);
        if (useBuffers) assert.equal(delta, bufs.out, 'δ lands in buffers().out without a copy');
        steps.push(delta.slice());
      }
      steps.push(theta.slice());
    }
    return steps;
  };
  assert.deepEqual(run(true), run(false));
});

test('native addon present when it must be', { skip: !mustRunNative ? `native addon not built (${nativeAddonPath})` : false }, () => {
  assert.ok(nativeKernels() !== null, `native addon unavailable: ${backendInfo().nativeError ?? 'unknown'}`);
});
