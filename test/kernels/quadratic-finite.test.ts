// The streaming kernels behind the adam-1e6 path, against slow references, bit-identical across backends:
// Kernels.diagQuadratic (½ Σ λᵢ(θᵢ − cᵢ)² and its gradient in one pass: gradient exact, value to 1e-14 relative of a
// plain sequential sum and bit-exact to the documented partial-sum order) and Kernels.allFinite (the runner's check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendInfo, nativeKernels, portableKernels, type Kernels } from '../../src/kernels/index.ts';
import { nativeAddonBuilt } from '../../src/kernels/native/load-node.ts';
import { seeded } from './dense-ref.ts';

const mustRunNative = nativeAddonBuilt() || process.env['LEARNSCOPE_BACKEND'] === 'native';
function backends(): Kernels[] {
  if (!mustRunNative) return [portableKernels];
  const nk = nativeKernels();
  assert.ok(nk !== null, `native addon unavailable: ${backendInfo().nativeError ?? 'unknown'}`);
  return [portableKernels, nk];
}

/** Reference value with the documented order: partial sums s[i mod 4] over whole groups of four, then the tail. */
function reference(l: Float64Array, c: Float64Array, t: Float64Array) {
  const n = l.length, g = new Float64Array(n), s = [0, 0, 0, 0];
  let plain = 0;
  const whole = n - (n % 4);
  for (let i = 0; i < n; i++) {
    const d = t[i]! - c[i]!;
    g[i] = l[i]! * d;
    plain += d * g[i]!;
    if (i < whole) s[i % 4] += d * g[i]!;
  }
  let ordered = (s[0]! + s[1]!) + (s[2]! + s[3]!);
  for (let i = whole; i < n; i++) ordered += (t[i]! - c[i]!) * g[i]!;
  return { g, plain: 0.5 * plain, ordered: 0.5 * ordered };
}

test('diagQuadratic: gradient exact, value in the documented order, every backend bit-identical', () => {
  const rnd = seeded(31);
  for (const n of [0, 1, 3, 4, 5, 7, 64, 1001, 4099]) {
    const l = Float64Array.from({ length: n }, () => 0.1 + rnd()), c = Float64Array.from({ length: n }, () => rnd() - 0.5);
    const t = Float64Array.from({ length: n }, () => 4 * rnd() - 2);
    const ref = reference(l, c, t);
    for (const k of backends()) {
      const g = new Float64Array(n).fill(NaN);
      const value = k.diagQuadratic(n, l, c, t, g);
      assert.deepEqual(g, ref.g, `${k.name} n=${n}: gradient`);
      assert.equal(value, ref.ordered, `${k.name} n=${n}: value in partial-sum order`);
      assert.equal(k.diagQuadratic(n, l, c, t, null), value, `${k.name} n=${n}: value without the gradient`);
      assert.ok(Math.abs(value - ref.plain) <= 1e-14 * Math.abs(ref.plain), `${k.name} n=${n}: ${value} vs sequential ${ref.plain}`);
    }
  }
});

test('diagQuadratic: closed form ½ Σ λ (θ − c)² on a hand-made case', () => {
  const l = Float64Array.of(1, 2, 3, 4, 5), c = Float64Array.of(0, 1, 0, -1, 0.5), t = Float64Array.of(1, 1, 2, 1, 0.5);
  for (const k of backends()) {
    const g = new Float64Array(5);
    assert.equal(k.diagQuadratic(5, l, c, t, g), 0.5 * (1 + 0 + 12 + 16 + 0), `${k.name} value`);
    assert.deepEqual(g, Float64Array.of(1, 0, 6, 8, 0), `${k.name} gradient`);
  }
});

test('diagQuadratic (native): refuses short arrays and a gradient that aliases an input', { skip: mustRunNative ? false : 'native addon not built' }, () => {
  const nk = backends()[1]!;
  const a = () => new Float64Array(8);
  assert.throws(() => nk.diagQuadratic(9, a(), a(), a(), null), /at least 9/, 'short arrays');
  const t = a();
  assert.throws(() => nk.diagQuadratic(8, a(), a(), t, t), /share memory/, 'grad = theta');
});

test('allFinite: false for any NaN or ±∞ at any position (vector lanes and tail), true otherwise', () => {
  for (const k of backends()) {
    for (const n of [0, 1, 4, 5, 11, 1003]) {
      const x = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1e308 : 1e308 * (i % 2 ? 1 : -1)));
      assert.equal(k.allFinite(n, x), true, `${k.name} n=${n}: large finite values (x·0 = 0, no overflow)`);
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const at of new Set([0, Math.floor(n / 2), n - 1].filter((i) => i >= 0 && i < n))) {
          const y = x.slice();
          y[at] = bad;
          assert.equal(k.allFinite(n, y), false, `${k.name} n=${n}: ${bad} at ${at}`);
          assert.equal(k.allFinite(at, y), true, `${k.name}: only the first n entries count (n=${at})`);
        }
      }
    }
  }
});
