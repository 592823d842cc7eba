/**
 * Kernels.dots and Kernels.combine (streaming multi-vector kernels) on both backends against slow references:
 * dot products summed in double-double (error-free products and sums, so the reference is exact to ~1e-30
 * relative), combinations as the same left-to-right expression per entry. The backends sum in different orders
 * (native: 16 partial sums; portable: one sequential sum), so sums are checked against the reference with the
 * order-independent bound n·ε·Σ|xᵢyᵢ|, including cancelling inputs whose exact dot product is 0 or tiny.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendInfo, nativeKernels, portableKernels, type Kernels } from '../../src/kernels/index.ts';
import { nativeAddonBuilt, nativeAddonPath } from '../../src/kernels/native/load-node.ts';
import { seeded } from './dense-ref.ts';

const EPS = 2 ** -52;
const mustRun = nativeAddonBuilt() || process.env['LEARNSCOPE_BACKEND'] === 'native';
const backends = (): [string, Kernels][] => {
  if (!mustRun) return [['portable', portableKernels]];
  const nk = nativeKernels();
  if (!nk) assert.fail(`native addon unavailable (${nativeAddonPath}): ${backendInfo().nativeError ?? 'unknown'}`);
  return [['native', nk], ['portable', portableKernels]];
};

function rand(rnd: () => number, n: number, scale = 1): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = scale * (2 * rnd() - 1);
  return x;
}

/** Σ x_i y_i in double-double (TwoProduct by Dekker splitting, TwoSum), and Σ|x_i y_i|. */
function exactDot(n: number, x: Float64Array, y: Float64Array): { value: number; abs: number } {
  const split = (a: number) => { const c = 134217729 * a, h = c - (c - a); return [h, a - h] as const; };
  let hi = 0, lo = 0, abs = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]!, b = y[i]!, p = a * b;
    const [ah, al] = split(a), [bh, bl] = split(b);
    const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    const s = hi + p, bb = s - hi, err = (hi - (s - bb)) + (p - bb);
    hi = s; lo += err + e; abs += Math.abs(p);
  }
  return { value: hi + lo, abs };
}

test('dots: every (i, j) matches the exact dot product within n·ε·Σ|xy|, for 1…3 × 1…6 vectors and n = 0…8195', () => {
  const rnd = seeded(41);
  for (const [name, K] of backends()) {
    for (const n of [0, 1, 5, 15, 16, 17, 100, 511, 512, 513, 1000, 8195]) {
      for (const [nx, ny] of [[1, 1], [1, 4], [2, 4], [2, 3], [3, 6], [2, 5]] as const) {
        const xs = Array.from({ length: nx }, () => rand(rnd, n + 3));
        const ys = Array.from({ length: ny }, () => rand(rnd, n + 3));
        const out = new Float64Array(nx * ny + 1).fill(7);
        K.dots(n, xs, ys, out);
        for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
          const ref = exactDot(n, xs[i]!, ys[j]!);
          const err = Math.abs(out[i * ny + j]! - ref.value);
          assert.ok(err <= n * EPS * ref.abs, `${name} n=${n} ${nx}×${ny} (${i},${j}): ${out[i * ny + j]} vs ${ref.value}`);
        }
        assert.equal(out[nx * ny], 7, `${name}: dots wrote past nx·ny`);
      }
    }
  }
});

test('dots: shared arrays (the Gram block [y g]ᵀ[y g v w]) give bit-identical ⟨a,b⟩ and ⟨b,a⟩, views at offsets work', () => {
  const rnd = seeded(42);
  for (const [name, K] of backends()) {
    for (const n of [3, 1000, 4099]) {
      const base = rand(rnd, 4 * n + 5);
      // subarray views at odd offsets: the kernels must read from each view's own start
      const y = base.subarray(1, n + 1), g = base.subarray(n + 2, 2 * n + 2), v = rand(rnd, n), w = rand(rnd, n);
      const out = new Float64Array(8);
      K.dots(n, [y, g], [y, g, v, w], out);
      assert.equal(out[1], out[4], `${name} n=${n}: yᵀg ${out[1]} and gᵀy ${out[4]} differ`);
      const all = [y, g, v, w];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) {
        const ref = exactDot(n, all[i]!, all[j]!);
        assert.ok(Math.abs(out[i * 4 + j]! - ref.value) <= n * EPS * ref.abs, `${name} n=${n} (${i},${j}): ${out[i * 4 + j]} vs ${ref.value}`);
      }
    }
  }
});

test('dots: cancellation — exact dot 0 and a tiny dot next to large terms', () => {
  for (const [name, K] of backends()) {
    for (const n of [2, 64, 1001, 10_000]) {
      const rnd = seeded(43 + n);
      // x = (a, a), y = (b, −b) per pair of entries: ⟨x, y⟩ = 0 exactly, |terms| up to 1e8
      const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
      for (let i = 0; i + 1 < n; i += 2) {
        x[i] = x[i + 1] = 1e4 * (2 * rnd() - 1);
        y[i] = 1e4 * (2 * rnd() - 1); y[i + 1] = -y[i]!;
        z[i] = y[i]!; z[i + 1] = y[i + 1]! * (1 + 1e-12); // ⟨x, z⟩ tiny but not 0
      }
      const out = new Float64Array(2);
      K.dots(n, [x], [y, z], out);
      const r0 = exactDot(n, x, y), r1 = exactDot(n, x, z);
      assert.equal(r0.value, 0, 'reference of the cancelling pair');
      assert.ok(Math.abs(out[0]! - r0.value) <= n * EPS * r0.abs, `${name} n=${n}: ⟨x,y⟩ = ${out[0]} (exact 0)`);
      assert.ok(Math.abs(out[1]! - r1.value) <= n * EPS * r1.abs, `${name} n=${n}: ⟨x,z⟩ = ${out[1]} vs ${r1.value}`);
    }
  }
});

/**
 * Reference combination: the row's nonzero terms (a zero coefficient skips its input), per entry the expression both
 * kernels use, (c0x0 + c1x1) + (c2x2 + c3x3) per group of four, groups added left to right.
 */
function refCombine(n: number, xs: Float64Array[], coef: Float64Array, r: number): Float64Array {
  const k = xs.length, z = new Float64Array(n);
  const idx = xs.map((_, i) => i).filter((i) => coef[r * k + i] !== 0);
  for (let q = 0; q < idx.length; q += 4) {
    const g = Math.min(4, idx.length - q), c = idx.slice(q, q + g).map((i) => coef[r * k + i]!), x = idx.slice(q, q + g).map((i) => xs[i]!);
    for (let t = 0; t < n; t++) {
      const s = g === 1 ? c[0]! * x[0]![t]! : g === 2 ? c[0]! * x[0]![t]! + c[1]! * x[1]![t]!
        : g === 3 ? (c[0]! * x[0]![t]! + c[1]! * x[1]![t]!) + c[2]! * x[2]![t]!
        : (c[0]! * x[0]![t]! + c[1]! * x[1]![t]!) + (c[2]! * x[2]![t]! + c[3]! * x[3]![t]!);
      z[t] = q === 0 ? s : z[t]! + s;
    }
  }
  return z;
}

test('combine: rows equal the per-entry expression bit for bit, norms = ‖z‖² within n·ε, null rows only give their norm', () => {
  const rnd = seeded(44);
  for (const [name, K] of backends()) {
    for (const n of [0, 1, 7, 16, 511, 512, 513, 3000]) {
      for (const [k, m] of [[1, 1], [2, 1], [3, 2], [4, 3], [4, 2], [4, 1], [5, 2], [8, 3], [6, 8]] as const) {
        const xs = Array.from({ length: k }, () => rand(rnd, n + 2));
        const coef = rand(rnd, m * k, 3);
        for (let q = 0; q < coef.length; q += 3) coef[q] = 0; // skipped terms (whole rows when k = 1)
        const outs = Array.from({ length: m }, (_, r) => (r % 3 === 2 ? null : new Float64Array(n + 2).fill(5)));
        const norms = new Float64Array(m + 1).fill(9);
        K.combine(n, xs, coef, outs, norms);
        for (let r = 0; r < m; r++) {
          const z = refCombine(n, xs, coef, r);
          const o = outs[r];
          if (o) {
            for (let t = 0; t < n; t++) assert.equal(o[t], z[t], `${name} n=${n} k=${k} m=${m}: row ${r}[${t}] ${o[t]} vs ${z[t]}`);
            assert.ok(o[n] === 5 && o[n + 1] === 5, `${name}: combine wrote past n in row ${r}`);
          }
          const ref = exactDot(n, z, z);
          assert.ok(Math.abs(norms[r]! - ref.value) <= n * EPS * ref.abs, `${name} n=${n} k=${k} m=${m}: norm ${r} ${norms[r]} vs ${ref.value}`);
        }
        assert.equal(norms[m], 9, `${name}: combine wrote past m norms`);
      }
    }
  }
});

test('combine: in place (an output is an input), a cancelling row (y − t·g with y ≈ t·g), zero coefficients skip their input', () => {
  for (const [name, K] of backends()) {
    const rnd = seeded(45);
    for (const n of [5, 1000, 2500]) {
      const xs = [rand(rnd, n), rand(rnd, n), rand(rnd, n), rand(rnd, n)];
      const coef = rand(rnd, 8);
      const expected = [refCombine(n, xs, coef, 0), refCombine(n, xs, coef, 1)];
      const inPlace = xs.map((x) => x.slice());
      const norms = new Float64Array(2);
      K.combine(n, inPlace, coef, [inPlace[2]!, inPlace[0]!], norms);
      assert.deepEqual([inPlace[2], inPlace[0]], expected, `${name} n=${n}: in-place result differs`);
      // the orthogonal component of y to g when y is nearly parallel: ‖y − t g‖² ≈ (1e-9)²‖u‖²
      const g = rand(rnd, n), u = rand(rnd, n), y = g.map((x, i) => 3 * x + 1e-9 * u[i]!);
      const c = Float64Array.of(1, -3), nr = new Float64Array(1);
      K.combine(n, [y, g], c, [null], nr);
      const z = refCombine(n, [y, g], c, 0), ref = exactDot(n, z, z);
      assert.ok(Math.abs(nr[0]! - ref.value) <= n * EPS * ref.abs, `${name} n=${n}: ‖y − 3g‖² ${nr[0]} vs ${ref.value}`);
      assert.ok(Math.abs(nr[0]! / (1e-18 * exactDot(n, u, u).value) - 1) < 1e-3, `${name} n=${n}: ‖y − 3g‖² ${nr[0]} is not ≈ 1e-18‖u‖²`);
    }
    // a zero coefficient skips its input: ∞/NaN there do not leak in; a nonzero one propagates them
    const inf = Float64Array.of(1, Infinity, NaN), one = Float64Array.of(1, 1, 1), o = new Float64Array(3), nr = new Float64Array(1);
    K.combine(3, [one, inf], Float64Array.of(2, 0), [o], nr);
    assert.ok(o.every((x) => x === 2) && nr[0] === 12, `${name}: a skipped ∞ gave ${o} / ${nr[0]}`);
    K.combine(3, [one, inf, one, one], Float64Array.of(2, 1, 0, 0), [o], nr);
    assert.ok(o[1] === Infinity && Number.isNaN(o[2]) && Number.isNaN(nr[0]), `${name}: 1·∞ gave ${o} / ${nr[0]}`);
    K.combine(3, [inf, inf], new Float64Array(4), [o, null], new Float64Array(2));
    assert.ok(o.every((x) => Object.is(x, 0)), `${name}: an all-zero row gave ${o}`);
  }
});

test('combine: large outputs (streamed stores in the native kernel), aligned and at odd offsets, fused and blocked shapes', () => {
  const rnd = seeded(46);
  const n = 300_001; // two outputs of 2.4 MB: above the native streaming threshold (4 MB per call)
  for (const [name, K] of backends()) {
    for (const k of [4, 5]) {
      const xs = Array.from({ length: k }, () => rand(rnd, n));
      const coef = rand(rnd, 3 * k);
      coef[1] = coef[k + 2] = 0; // the shape of the metric step: rows of 3 of the 4 terms
      const a = new Float64Array(n), b = new Float64Array(n + 1).subarray(1); // b's data starts 8 bytes off alignment
      const norms = new Float64Array(3);
      K.combine(n, xs, coef, [a, b, null], norms);
      for (const [r, o] of [[0, a], [1, b]] as const) {
        const z = refCombine(n, xs, coef, r);
        let bad = -1;
        for (let t = 0; t < n && bad < 0; t++) if (o[t] !== z[t]) bad = t;
        assert.equal(bad, -1, `${name} k=${k}: row ${r} differs at ${bad}`);
        const ref = exactDot(n, z, z);
        assert.ok(Math.abs(norms[r]! - ref.value) <= n * EPS * ref.abs, `${name} k=${k}: norm ${r} ${norms[r]} vs ${ref.value}`);
      }
    }
  }
});

test('dots/combine: argument errors name the argument (counts 1…8, lengths)', () => {
  for (const [name, K] of backends()) {
    const x = new Float64Array(4);
    assert.throws(() => K.dots(5, [x], [x], new Float64Array(1)), /xs\[0\] has 4 entries but at least 5/, name);
    assert.throws(() => K.dots(4, [], [x], new Float64Array(1)), /xs has 0 vectors; accepted: 1 to 8/, name);
    assert.throws(() => K.dots(4, [x], Array(9).fill(x), new Float64Array(9)), /ys has 9 vectors/, name);
    assert.throws(() => K.dots(4, [x, x], [x, x], new Float64Array(3)), /out has 3 entries but at least 4/, name);
    assert.throws(() => K.combine(4, [x, x], new Float64Array(3), [x, null], new Float64Array(2)), /coef has 3 entries but at least 4/, name);
    assert.throws(() => K.combine(4, [x], new Float64Array(1), [x], new Float64Array(0)), /norms has 0 entries but at least 1/, name);
    assert.throws(() => K.combine(4, [x], new Float64Array(1), [new Float64Array(3)], new Float64Array(1)), /outs\[0\] has 3 entries/, name);
  }
});

test('native dots/combine on 2 threads (n ≥ 2¹⁸, setThreads(2)): the sum of the two halves, deterministic, in place; below 2¹⁸ unchanged', (t) => {
  const nk = mustRun ? nativeKernels() : null;
  if (!nk) { t.skip('native addon not built'); return; }
  const before = nk.getThreads();
  const rnd = seeded(47);
  const N = 2 ** 18;
  const split = (n: number) => Math.floor(n / 2 / 8) * 8; // native/multivec.c split_at
  try {
    for (const n of [N - 1, N, N + 1, N + 7, 300_001]) {
      const mid = split(n);
      const vs = Array.from({ length: 6 }, () => rand(rnd, n + 1));
      const [y, g, v, w] = vs as [Float64Array, Float64Array, Float64Array, Float64Array];
      // dots: the fused 2×4 tile and the blocked kernel (3×6)
      for (const [xs, ys] of [[[y, g], [y, g, v, w]], [vs.slice(0, 3), vs]] as const) {
        const m = xs.length * ys.length, at = (x: Float64Array, lo: number, hi: number) => x.subarray(lo, hi);
        nk.setThreads(1);
        const one = new Float64Array(m), lo = new Float64Array(m), hi = new Float64Array(m);
        nk.dots(n, xs, ys, one);
        nk.dots(mid, xs.map((x) => at(x, 0, mid)), ys.map((x) => at(x, 0, mid)), lo); // < 2¹⁸: one thread
        nk.dots(n - mid, xs.map((x) => at(x, mid, n)), ys.map((x) => at(x, mid, n)), hi);
        nk.setThreads(2);
        assert.equal(nk.getThreads(), 2, 'setThreads(2) did not take: OpenBLAS built for one thread?');
        const two = new Float64Array(m), again = new Float64Array(m);
        nk.dots(n, xs, ys, two);
        nk.dots(n, xs, ys, again);
        assert.deepEqual(again, two, `n=${n} ${xs.length}×${ys.length}: two 2-thread calls differ`);
        for (let q = 0; q < m; q++) {
          if (n < N) assert.equal(two[q], one[q], `n=${n} < 2¹⁸ [${q}]: 2-thread setting changed a 1-thread-sized call`);
          else assert.equal(two[q], lo[q]! + hi[q]!, `n=${n} ${xs.length}×${ys.length} [${q}]: not first half + second half`);
          const ref = exactDot(n, xs[Math.floor(q / ys.length)]!, ys[q % ys.length]!);
          for (const [name, r] of [['1-thread', one[q]!], ['2-thread', two[q]!]] as const) {
            assert.ok(Math.abs(r - ref.value) <= n * EPS * ref.abs, `n=${n} [${q}] ${name} ${r} vs exact ${ref.value}`);
          }
        }
      }
      // combine: the fused shape of the metric step (in place: row 0 overwrites v) and the blocked one (5 inputs)
      for (const k of [4, 5]) {
        const xs = [v, g, y, w, vs[4]!].slice(0, k).map((x) => x.slice());
        const coef = rand(rnd, 3 * k, 2);
        coef[3] = coef[k] = 0;
        const expected = [0, 1, 2].map((r) => refCombine(n, xs, coef, r));
        nk.setThreads(1);
        const n1 = new Float64Array(3), nlo = new Float64Array(3), nhi = new Float64Array(3), o1 = new Float64Array(n);
        nk.combine(n, xs, coef, [o1, null, null], n1);
        nk.combine(mid, xs.map((x) => x.subarray(0, mid)), coef, [null, null, null], nlo);
        nk.combine(n - mid, xs.map((x) => x.subarray(mid, n)), coef, [null, null, null], nhi);
        nk.setThreads(2);
        const inPlace = xs.map((x) => x.slice()), o2 = new Float64Array(n), n2 = new Float64Array(3), n3 = new Float64Array(3);
        nk.combine(n, xs, coef, [null, o2, null], n3);
        nk.combine(n, inPlace, coef, [inPlace[0]!, null, null], n2);
        assert.deepEqual(n3, n2, `n=${n} k=${k}: two 2-thread combines give different norms`);
        for (let r = 0; r < 3; r++) {
          if (n < N) assert.equal(n2[r], n1[r], `n=${n} < 2¹⁸: norm ${r} changed with the 2-thread setting`);
          else assert.equal(n2[r], nlo[r]! + nhi[r]!, `n=${n} k=${k}: norm ${r} is not first half + second half`);
          const ref = exactDot(n, expected[r]!, expected[r]!);
          assert.ok(Math.abs(n2[r]! - ref.value) <= n * EPS * ref.abs, `n=${n} k=${k}: 2-thread norm ${r} ${n2[r]} vs ${ref.value}`);
          assert.ok(Math.abs(n1[r]! - ref.value) <= n * EPS * ref.abs, `n=${n} k=${k}: 1-thread norm ${r} ${n1[r]} vs ${ref.value}`);
        }
        assert.deepEqual(o1, expected[0], `n=${n} k=${k}: 1-thread row 0 differs from the expression`);
        assert.deepEqual(inPlace[0]!.subarray(0, n), expected[0], `n=${n} k=${k}: 2-thread in-place row 0 differs from the expression`);
        assert.deepEqual(o2, expected[1], `n=${n} k=${k}: 2-thread row 1 differs from the expression`);
      }
    }
  } finally {
    nk.setThreads(before);
  }
});
