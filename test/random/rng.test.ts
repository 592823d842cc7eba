// Tests of the seeded generator: Philox KAT vectors, determinism, split/fork, state round trip, distributions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, restoreRng, philox4x32, philoxBlocks, ALGORITHM } from '../../src/random/index.ts';
import type { Rng } from '../../src/random/index.ts';
import { InvalidArgumentError } from '../../src/errors.ts';

// Random123 kat_vectors, "philox4x32 10" lines: counter (4 words), key (2 words) → output (4 words).
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

test('philox4x32-10 matches the Random123 known-answer vectors', () => {
  for (const [ctr, key, want] of KAT) {
    assert.deepEqual(philox4x32(ctr as [number, number, number, number], key as [number, number]), want);
  }
});

// A BigInt Philox4x32-10, written straight from the paper, as the oracle for the float64 mulhi trick.
function philoxBig(ctr: number[], key: number[]): number[] {
  const M = 0xffffffffn;
  let [x0, x1, x2, x3] = ctr.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * x0, p1 = 0xcd9e8d57n * x2;
    [x0, x1, x2, x3] = [((p1 >> 32n) ^ x1 ^ k0) & M, p1 & M, ((p0 >> 32n) ^ x3 ^ k1) & M, p0 & M];
    k0 = (k0 + 0x9e3779b9n) & M; k1 = (k1 + 0xbb67ae85n) & M;
  }
  return [x0, x1, x2, x3].map(Number);
}

test('philoxBlocks agrees with a BigInt reference on random inputs, including counter carry and the 2-block path', () => {
  const rng = createRng(1);
  for (let t = 0; t < 300; t++) {
    const w = () => rng.int(4294967296);
    const ctr = [t < 10 ? 0xffffffff - t % 3 : w(), w(), w(), w()], key = [w(), w()];
    const out = new Uint32Array(12);
    philoxBlocks(key[0]!, key[1]!, ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, 3, out, 0);
    for (let b = 0; b < 3; b++) {
      const c0 = ctr[0]! + b, carry = c0 >= 4294967296 ? 1 : 0;
      const want = philoxBig([c0 % 4294967296, (ctr[1]! + carry) % 4294967296, ctr[2]!, ctr[3]!], key);
      assert.deepEqual(Array.from(out.subarray(4 * b, 4 * b + 4)), want);
    }
  }
});

test('same seed gives the same stream; different seeds and seed kinds differ', () => {
  const a = createRng(12345), b = createRng(12345), c = createRng(12346), d = createRng('12345');
  const xa = a.fillNormal(new Float64Array(100)), xb = b.fillNormal(new Float64Array(100));
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, c.fillNormal(new Float64Array(100)));
  assert.notDeepEqual(xa, d.fillNormal(new Float64Array(100)));
  assert.equal(createRng('run-a').uniform(), createRng('run-a').uniform());
});

test('xoshiro128** core matches the reference C implementation from state {1, 2, 3, 4}', () => {
  const r = restoreRng({ algorithm: ALGORITHM, key: [0, 0], counter: [1, 2, 3, 4], extra: [0] }) as Rng & { uint32(): number };
  // printed by Blackman & Vigna's xoshiro128starstar.c compiled with gcc
  const want = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849];
  assert.deepEqual(want.map(() => r.uint32()), want);
});

test('golden values pin the stream of seed 0 (a change of algorithm must be deliberate)', () => {
  // the stream starts from the Philox block of key (0, 0), counter (0, 0, 0, 'STRM')
  assert.deepEqual(createRng(0).state().counter, philox4x32([0, 0, 0, 0x5354524d], [0, 0]));
  const r = createRng(0);
  assert.deepEqual([r.uniform(), r.uniform(), r.normal(), r.int(1000), r.normal()],
    [0.3408970661056834, 0.3836721169180253, 0.6403624679218887, 213, 1.6983132451459688]);
});

test('invalid seeds and arguments are refused with InvalidArgumentError', () => {
  assert.throws(() => createRng(-1), InvalidArgumentError);
  assert.throws(() => createRng(1.5), InvalidArgumentError);
  assert.throws(() => createRng(2 ** 53), InvalidArgumentError);
  const r = createRng(3);
  assert.throws(() => r.int(0), InvalidArgumentError);
  assert.throws(() => r.categorical([0, 0]), InvalidArgumentError);
  assert.throws(() => r.categorical([1, -1]), InvalidArgumentError);
  assert.throws(() => r.categorical([1, NaN]), InvalidArgumentError);
  assert.throws(() => r.fillNormal(new Float64Array(2), 0, -1), InvalidArgumentError);
  assert.throws(() => r.permutation(-1), InvalidArgumentError);
});

test('split: deterministic children, independent of the parent position, distinct from each other', () => {
  const p1 = createRng(7), p2 = createRng(7);
  p2.fillUniform(new Float64Array(37)); // the parent's draws must not change its children
  const a1 = p1.split(), a2 = p2.split();
  assert.deepEqual(a1.fillUniform(new Float64Array(50)), a2.fillUniform(new Float64Array(50)));
  const b1 = p1.split();
  const xa = createRng(7).split().fillUniform(new Float64Array(2000));
  const xb = b1.fillUniform(new Float64Array(2000));
  assert.notDeepEqual(xa, xb);
  // independence: the sample correlation of two children is O(1/√n)
  assert.ok(Math.abs(corr(xa, xb)) < 4 / Math.sqrt(2000));
  // children differ from the parent's own stream
  const xp = createRng(7).fillUniform(new Float64Array(2000));
  assert.ok(Math.abs(corr(xa, xp)) < 4 / Math.sqrt(2000));
});

test('fork: same key → same stream regardless of position and splits; different keys differ', () => {
  const p = createRng('exp'), q = createRng('exp');
  q.normal(); q.split(); q.split();
  assert.deepEqual(p.fork('worker-3').fillNormal(new Float64Array(20)), q.fork('worker-3').fillNormal(new Float64Array(20)));
  assert.deepEqual(p.fork(3).fillNormal(new Float64Array(20)), q.fork(3).fillNormal(new Float64Array(20)));
  assert.notDeepEqual(p.fork(3).fillNormal(new Float64Array(20)), p.fork('3').fillNormal(new Float64Array(20)));
  assert.notDeepEqual(p.fork(3).fillNormal(new Float64Array(20)), p.fork(4).fillNormal(new Float64Array(20)));
  const a = p.fork('a').fillUniform(new Float64Array(2000)), b = p.fork('b').fillUniform(new Float64Array(2000));
  assert.ok(Math.abs(corr(a, b)) < 4 / Math.sqrt(2000));
});

test('state() round-trips through JSON and resumes exactly, including the split counter', () => {
  const r = createRng(99);
  r.fillNormal(new Float64Array(13)); r.split(); r.uniform();
  const s = JSON.parse(JSON.stringify(r.state()));
  const q = restoreRng(s);
  assert.deepEqual(q.fillNormal(new Float64Array(31)), r.fillNormal(new Float64Array(31)));
  assert.deepEqual(q.split().fillUniform(new Float64Array(5)), r.split().fillUniform(new Float64Array(5)));
  assert.equal(q.int(97), r.int(97));
  assert.throws(() => restoreRng({ ...s, algorithm: 'mt19937' }), InvalidArgumentError);
  assert.throws(() => restoreRng({ ...s, counter: [1, 2] }), InvalidArgumentError);
  assert.throws(() => restoreRng({ ...s, counter: [0, 0, 0, 0] }), InvalidArgumentError);
});

test('fillNormal(n) draws exactly what n normal() calls draw, and fillUniform matches uniform()', () => {
  const a = createRng(5), b = createRng(5);
  const xs = a.fillNormal(new Float64Array(5000), 2, 3);
  for (let i = 0; i < xs.length; i++) assert.equal(xs[i], 2 + 3 * b.normal());
  const us = a.fillUniform(new Float64Array(100), -1, 1);
  for (let i = 0; i < us.length; i++) assert.equal(us[i], -1 + 2 * b.uniform());
});

function corr(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const a = x[i]! - mx, b = y[i]! - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxy / Math.sqrt(sxx * syy);
}

// Φ via erfc (W. J. Cody's rational approximations are overkill here: Numerical Recipes' erfcc has |ε| < 1.2e-7).
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

test('uniform: moments and Kolmogorov–Smirnov', () => {
  const n = 200000;
  const x = createRng(11).fillUniform(new Float64Array(n));
  let m = 0, v = 0;
  for (const u of x) { assert.ok(u >= 0 && u < 1); m += u; v += u * u; }
  m /= n; v = v / n - m * m;
  assert.ok(Math.abs(m - 0.5) < 4 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(v - 1 / 12) < 4 * Math.sqrt(1 / 180 / n));
  // 1.63/√n is the 1 % critical value of the KS statistic
  assert.ok(ksStatistic(x, (u) => Math.min(1, Math.max(0, u))) < 1.63 / Math.sqrt(n));
});

test('normal: moments (mean, variance, skewness, kurtosis), tails and Kolmogorov–Smirnov', () => {
  const n = 400000;
  const x = createRng(12).fillNormal(new Float64Array(n));
  let m1 = 0, m2 = 0, m3 = 0, m4 = 0, beyond3 = 0;
  for (const z of x) { m1 += z; m2 += z * z; m3 += z * z * z; m4 += z * z * z * z; if (Math.abs(z) > 3) beyond3++; }
  m1 /= n; m2 /= n; m3 /= n; m4 /= n;
  assert.ok(Math.abs(m1) < 4 / Math.sqrt(n));
  assert.ok(Math.abs(m2 - 1) < 4 * Math.sqrt(2 / n));
  assert.ok(Math.abs(m3) < 4 * Math.sqrt(15 / n));
  assert.ok(Math.abs(m4 - 3) < 4 * Math.sqrt(96 / n));
  const p3 = 2 * (1 - normalCdf(3)); // exercises the ziggurat tail beyond R ≈ 3.44 too
  assert.ok(Math.abs(beyond3 / n - p3) < 4 * Math.sqrt(p3 / n));
  assert.ok(ksStatistic(x, normalCdf) < 1.63 / Math.sqrt(n));
  const tail = x.filter((z) => Math.abs(z) > 3.5).length; // beyond the base layer: P = 4.65e-4
  const pt = 2 * (1 - normalCdf(3.5));
  assert.ok(Math.abs(tail / n - pt) < 4 * Math.sqrt(pt / n));
});

test('fillNormal with mean and std', () => {
  const n = 100000;
  const x = createRng(13).fillNormal(new Float64Array(n), -2, 0.5);
  let m = 0, v = 0;
  for (const z of x) { m += z; v += z * z; }
  m /= n; v = v / n - m * m;
  assert.ok(Math.abs(m + 2) < 4 * 0.5 / Math.sqrt(n));
  assert.ok(Math.abs(v - 0.25) < 4 * 0.25 * Math.sqrt(2 / n));
});

test('int and categorical: chi-square of the frequencies', () => {
  const r = createRng(14);
  const n = 100000;
  const check = (counts: number[], probs: number[]) => {
    let chi2 = 0;
    for (let i = 0; i < counts.length; i++) if (probs[i]! > 0) chi2 += (counts[i]! - n * probs[i]!) ** 2 / (n * probs[i]!);
      else assert.equal(counts[i], 0);
    const df = probs.filter((p) => p > 0).length - 1;
    assert.ok(chi2 < df + 5 * Math.sqrt(2 * df), `chi2 = ${chi2}, df = ${df}`); // ≈ 5σ above the mean
  };
  const ci = new Array(7).fill(0);
  for (let i = 0; i < n; i++) ci[r.int(7)]++;
  check(ci, new Array(7).fill(1 / 7));
  const w = [0.5, 0, 2, 1, 0.25, 0];
  const total = w.reduce((a, b) => a + b);
  const cc = new Array(w.length).fill(0);
  for (let i = 0; i < n; i++) cc[r.categorical(w)]++;
  check(cc, w.map((x) => x / total));
  assert.equal(r.categorical(new Float64Array([0, 0, 3])), 2);
});

test('permutation: valid permutations, uniform over positions', () => {
  const r = createRng(15);
  assert.equal(r.permutation(0).length, 0);
  const n = 6, reps = 30000;
  const counts = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let t = 0; t < reps; t++) {
    const p = r.permutation(n);
    assert.deepEqual(Array.from(p).sort(), [0, 1, 2, 3, 4, 5]);
    for (let i = 0; i < n; i++) counts[i]![p[i]!]++;
  }
  for (const row of counts) for (const c of row) assert.ok(Math.abs(c - reps / n) < 5 * Math.sqrt(reps / n));
  const big = r.permutation(10000);
  assert.deepEqual(Float64Array.from(big).sort(), Float64Array.from({ length: 10000 }, (_, i) => i));
});
