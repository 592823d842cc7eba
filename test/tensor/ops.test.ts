// Forward tensor ops against naive multi-index loops and closed forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/tensor/index.ts';
import { Tensor } from '../../src/tensor/index.ts';
import { createRng } from '../../src/random/index.ts';
import type { Rng } from '../../src/random/index.ts';
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../../src/errors.ts';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
function assertClose(got: Tensor, want: Tensor, tol = 1e-12): void {
  assert.deepEqual(got.shape, want.shape);
  for (let i = 0; i < got.size; i++) assert.ok(close(got.data[i]!, want.data[i]!, tol), `[${i}] ${got.data[i]} vs ${want.data[i]}`);
}

function* multiIndex(shape: number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    yield idx.slice();
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]!) break; idx[d] = 0; }
  }
}
/** a at a broadcast multi-index of the (longer) result shape. */
function at(a: Tensor, idx: number[]): number {
  const off = idx.length - a.rank;
  let o = 0;
  for (let d = 0; d < a.rank; d++) o = o * a.shape[d]! + (a.shape[d] === 1 ? 0 : idx[d + off]!);
  return a.data[o]!;
}
function randShape(rng: Rng, rank: number, max = 4): number[] {
  return Array.from({ length: rank }, () => 1 + rng.int(max));
}
/** A random shape that broadcasts against `s`: drops leading dims and sets some dims to 1. */
function broadcastPartner(rng: Rng, s: number[]): number[] {
  const drop = rng.int(s.length + 1);
  return s.slice(drop).map((d) => (rng.uniform() < 0.4 ? 1 : d));
}

test('binary ops broadcast like NumPy (property test against a multi-index loop)', () => {
  const rng = createRng('binary');
  const ops: [(a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number][] = [
    [T.add, (x, y) => x + y], [T.sub, (x, y) => x - y], [T.mul, (x, y) => x * y], [T.div, (x, y) => x / y], [T.pow, (x, y) => x ** y],
  ];
  for (let t = 0; t < 200; t++) {
    let sa = randShape(rng, rng.int(5)), sb = broadcastPartner(rng, sa);
    if (rng.uniform() < 0.5) [sa, sb] = [sb, sa];
    const a = T.rand(sa, rng, 0.5, 2), b = T.rand(sb, rng, 0.5, 2);
    const [f, g] = ops[t % ops.length]!;
    const c = f(a, b);
    const shape = T.broadcastShapes('t', sa, sb);
    assert.deepEqual(c.shape, shape);
    let k = 0;
    for (const idx of multiIndex(shape)) assert.ok(close(c.data[k++]!, g(at(a, idx), at(b, idx))));
  }
  assert.throws(() => T.add(T.zeros([2, 3]), T.zeros([4])), (e: Error) => e instanceof ShapeError && /add: shapes \[2, 3\] and \[4\]/.test(e.message));
});

test('unary ops match Math and stay finite where the naive formula overflows', () => {
  const a = T.tensor([[-800, -3, -0.5, 0], [0.25, 2, 30, 800]]);
  const m = (f: (a: Tensor) => Tensor, g: (x: number) => number, t = a) => assertClose(f(t), new Tensor(t.data.map(g), t.shape));
  m(T.neg, (x) => -x); m(T.tanh, Math.tanh); m(T.abs, Math.abs); m(T.sign, Math.sign);
  m(T.relu, (x) => Math.max(x, 0)); m(T.heaviside, (x) => (x > 0 ? 1 : 0)); m((t) => T.scale(t, -2.5), (x) => -2.5 * x);
  m(T.sigmoid, (x) => (x < -700 ? 0 : 1 / (1 + Math.exp(-x))));
  m(T.softplus, (x) => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))));
  const p = T.tensor([0.1, 1, 4, 300]);
  m(T.exp, Math.exp, p); m(T.log, Math.log, p); m(T.sqrt, Math.sqrt, p);
  assert.ok(T.sigmoid(a).data.every(Number.isFinite) && T.softplus(a).data.every(Number.isFinite));
});

test('sum / mean / max over random axes with keepdims, against a multi-index loop', () => {
  const rng = createRng('reduce');
  for (let t = 0; t < 150; t++) {
    const shape = randShape(rng, 1 + rng.int(4));
    const a = T.randn(shape, rng);
    const axes = shape.map((_, i) => i).filter(() => rng.uniform() < 0.5);
    const keep = rng.uniform() < 0.5;
    const s = T.sum(a, axes, keep), mn = T.mean(a, axes, keep);
    const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const want = new Float64Array(kept.reduce((x, y) => x * y, 1));
    const count = axes.reduce((n, i) => n * shape[i]!, 1);
    let k = 0;
    for (const idx of multiIndex(shape)) {
      let o = 0;
      for (let d = 0; d < shape.length; d++) o = o * kept[d]! + (axes.includes(d) ? 0 : idx[d]!);
      want[o] += a.data[k++]!;
    }
    const outShape = keep ? kept : shape.filter((_, i) => !axes.includes(i));
    assertClose(s, new Tensor(want, outShape));
    assertClose(mn, new Tensor(want.map((x) => x / count), outShape));
    const ax = rng.int(shape.length);
    const { values, indices } = T.maxWithIndex(a, ax, keep);
    const n = shape[ax]!;
    let j = 0;
    for (const idx of multiIndex(shape.map((d, i) => (i === ax ? 1 : d)))) {
      let best = -Infinity, bi = -1;
      for (let q = 0; q < n; q++) { const ii = idx.slice(); ii[ax] = q; const v = at(a, ii); if (v > best) { best = v; bi = q; } }
      assert.equal(values.data[j], best); assert.equal(indices[j], bi); j++;
    }
  }
  assert.deepEqual(T.sum(T.tensor([[1, 2], [3, 4]])).shape, []);
  assert.equal(T.sum(T.tensor([[1, 2], [3, 4]])).item(), 10);
  assert.deepEqual(T.argmax(T.tensor([[1, 5, 5], [7, 0, 7]]), 1), Int32Array.of(1, 0)); // first maximiser on ties
  assert.throws(() => T.sum(T.zeros([2]), 1), InvalidArgumentError);
});

test('sum over the leading axes (bias gradients) equals row-by-row accumulation bit for bit', () => {
  const rng = createRng('sum-leading');
  for (const [lead, m, n] of [[1, 1, 3], [1, 3, 5], [1, 4, 7], [1, 5, 256], [1, 9, 10], [2, 7, 6], [3, 1, 4]] as const) {
    const a = new Tensor(rng.fillNormal(new Float64Array(lead * m * n)), [lead, m, n]);
    const ref = new Float64Array(n);
    for (let r = 0; r < lead * m; r++) for (let j = 0; j < n; j++) ref[j] = ref[j]! + a.data[r * n + j]!;
    assert.deepEqual(T.sum(a, [0, 1]).data, ref, `sum over axes 0,1 of [${lead}, ${m}, ${n}]`);
    assert.deepEqual(T.sumTo(a, [n]).data, ref, `sumTo [${n}] of [${lead}, ${m}, ${n}]`);
    if (lead === 1) assert.deepEqual(T.sum(T.reshape(a, [m, n]), 0, true).data, ref, `sum axis 0 of [${m}, ${n}]`);
  }
});

test('broadcastTo and sumTo are adjoint: <broadcastTo(a), b> = <a, sumTo(b)>', () => {
  const rng = createRng('bcast');
  for (let t = 0; t < 100; t++) {
    const big = randShape(rng, 1 + rng.int(4)), small = broadcastPartner(rng, big);
    const a = T.randn(small, rng), b = T.randn(big, rng);
    const ba = T.broadcastTo(a, big), sb = T.sumTo(b, small);
    assert.deepEqual(ba.shape, big); assert.deepEqual(sb.shape, small);
    let k = 0;
    for (const idx of multiIndex(big)) assert.equal(ba.data[k++], at(a, idx));
    const dot = (x: Tensor, y: Tensor) => x.data.reduce((s, v, i) => s + v * y.data[i]!, 0);
    assert.ok(close(dot(ba, b), dot(a, sb), 1e-12));
  }
  assert.throws(() => T.broadcastTo(T.zeros([3]), [2, 4]), ShapeError);
});

function naiveMatmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}
const tr = (m: number[][]) => m[0]!.map((_, j) => m.map((r) => r[j]!));

test('matmul with all four transpose flags, 2-D and batched 3-D, against naive loops', () => {
  const rng = createRng('matmul');
  for (let t = 0; t < 60; t++) {
    const m = 1 + rng.int(7), k = 1 + rng.int(7), n = 1 + rng.int(7);
    const ta = t % 2 === 1, tb = (t >> 1) % 2 === 1;
    const A = T.randn(ta ? [k, m] : [m, k], rng), B = T.randn(tb ? [n, k] : [k, n], rng);
    const C = T.matmul(A, B, ta, tb);
    const oa = ta ? tr(A.toArray() as number[][]) : A.toArray() as number[][];
    const ob = tb ? tr(B.toArray() as number[][]) : B.toArray() as number[][];
    assertClose(C, T.tensor(naiveMatmul(oa, ob)), 1e-12);
    const batch = 1 + rng.int(3);
    const A3 = T.randn([batch, ...A.shape], rng), B3 = T.randn([batch, ...B.shape], rng);
    const C3 = T.matmul(A3, B3, ta, tb);
    assert.deepEqual(C3.shape, [batch, m, n]);
    for (let i = 0; i < batch; i++) {
      const Ai = T.slice(A3, [[i, i + 1]]), Bi = T.slice(B3, [[i, i + 1]]);
      const Ci = T.matmul(T.reshape(Ai, A.shape), T.reshape(Bi, B.shape), ta, tb);
      assertClose(T.reshape(T.slice(C3, [[i, i + 1]]), [m, n]), Ci, 1e-14);
    }
  }
  assert.deepEqual(T.matmul(T.zeros([2, 0]), T.zeros([0, 3])).data, new Float64Array(6));
  assert.throws(() => T.matmul(T.zeros([2, 3]), T.zeros([2, 3])), (e: Error) => e instanceof ShapeError && /inner dimensions/.test(e.message));
  assert.throws(() => T.matmul(T.zeros([2, 2, 3]), T.zeros([3, 3, 2])), ShapeError);
});

test('reshape, transpose (2-D and random permutations) against index arithmetic', () => {
  const rng = createRng('layout');
  const a = T.randn([3, 4], rng);
  assert.deepEqual(T.reshape(a, [2, -1]).shape, [2, 6]);
  assert.throws(() => T.reshape(a, [5, 2]), ShapeError);
  const at2 = T.transpose(a);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) assert.equal(at2.get(j, i), a.get(i, j));
  const big = T.randn([37, 70], rng), bt = T.transpose(big);
  for (let i = 0; i < 37; i++) for (let j = 0; j < 70; j++) assert.equal(bt.get(j, i), big.get(i, j));
  for (let t = 0; t < 40; t++) {
    const shape = randShape(rng, 1 + rng.int(4));
    const perm = Array.from(rng.permutation(shape.length));
    const x = T.randn(shape, rng), y = T.transpose(x, perm);
    for (const idx of multiIndex(shape)) assert.equal(y.get(...perm.map((p) => idx[p]!)), x.get(...idx));
  }
  assert.throws(() => T.transpose(a, [0, 0]), InvalidArgumentError);
});

test('slice / unslice are adjoint and slice copies the right box; concat inverts slicing', () => {
  const rng = createRng('slice');
  for (let t = 0; t < 60; t++) {
    const shape = randShape(rng, 1 + rng.int(4), 5);
    const ranges = shape.map((d) => { const b = rng.int(d + 1); return [b, b + rng.int(d - b + 1)] as [number, number]; });
    const a = T.randn(shape, rng), s = T.slice(a, ranges);
    assert.deepEqual(s.shape, ranges.map(([b, e]) => e - b));
    let k = 0;
    for (const idx of multiIndex(s.shape)) assert.equal(s.data[k++], a.get(...idx.map((v, d) => v + ranges[d]![0])));
    const g = T.randn(s.shape, rng), u = T.unslice(g, shape, ranges);
    const dot = (x: Tensor, y: Tensor) => x.data.reduce((acc, v, i) => acc + v * y.data[i]!, 0);
    assert.ok(close(dot(s, g), dot(a, u)));
    const ax = rng.int(shape.length), cut = rng.int(shape[ax]! + 1);
    const lo = shape.map((d, i) => (i === ax ? [0, cut] : [0, d]) as [number, number]);
    const hi = shape.map((d, i) => (i === ax ? [cut, d] : [0, d]) as [number, number]);
    assert.deepEqual(T.concat([T.slice(a, lo), T.slice(a, hi)], ax).data, a.data);
  }
  assert.deepEqual(T.slice(T.arange(5), [[-3, -1]]).data, Float64Array.of(2, 3));
  assert.throws(() => T.slice(T.arange(5), [[2, 9]]), InvalidArgumentError);
  assert.throws(() => T.concat([T.zeros([2, 3]), T.zeros([3, 2])], 0), ShapeError);
});

test('gather / scatterAdd along an axis: naive reference and adjointness with repeated indices', () => {
  const rng = createRng('gather');
  for (let t = 0; t < 40; t++) {
    const shape = randShape(rng, 1 + rng.int(3), 5);
    const ax = rng.int(shape.length), n = shape[ax]!;
    const idx = Int32Array.from({ length: 1 + rng.int(7) }, () => rng.int(n));
    const a = T.randn(shape, rng), g = T.gather(a, idx, ax);
    for (const i of multiIndex(g.shape)) { const j = i.slice(); j[ax] = idx[i[ax]!]!; assert.equal(g.get(...i), a.get(...j)); }
    const b = T.randn(g.shape, rng), s = T.scatterAdd(b, idx, n, ax);
    const dot = (x: Tensor, y: Tensor) => x.data.reduce((acc, v, i) => acc + v * y.data[i]!, 0);
    assert.ok(close(dot(g, b), dot(a, s)));
  }
  assert.throws(() => T.gather(T.zeros([3]), Int32Array.of(3)), InvalidArgumentError);
});

test('softmax family: closed forms, stability at large logits, cross-entropy and mse', () => {
  const z = T.tensor([[1, 2, 3], [1000, 1000, 1000], [-1000, 0, 1000]]);
  const lse = T.logsumexp(z, 1);
  assert.ok(close(lse.data[0]!, Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))));
  assert.ok(close(lse.data[1]!, 1000 + Math.log(3)));
  assert.ok(close(lse.data[2]!, 1000));
  const p = T.softmax(z);
  for (let i = 0; i < 3; i++) assert.ok(close(p.data[3 * i]! + p.data[3 * i + 1]! + p.data[3 * i + 2]!, 1));
  assertClose(T.logSoftmax(z), T.sub(z, T.reshape(lse, [3, 1])));
  // along axis 0 of a 3-D tensor equals along the last axis of its transpose
  const rng = createRng('softmax');
  const x = T.randn([4, 3, 2], rng);
  assertClose(T.transpose(T.softmax(x, 0), [1, 2, 0]), T.softmax(T.transpose(x, [1, 2, 0])));
  assertClose(T.logsumexp(x, 0, true), T.log(T.sum(T.exp(x), 0, true)));
  const labels = Int32Array.of(2, 0, 1);
  const ce = T.crossEntropy(z, labels).item();
  const want = ((lse.data[0]! - 3) + (lse.data[1]! - 1000) + (lse.data[2]! - 0)) / 3;
  assert.ok(close(ce, want));
  assert.throws(() => T.crossEntropy(z, Int32Array.of(0, 3, 1)), InvalidArgumentError);
  assert.throws(() => T.crossEntropy(z, Int32Array.of(0, 1)), ShapeError);
  assert.ok(close(T.mse(T.tensor([1, 2, 3]), T.tensor([1, 0, 6])).item(), (4 + 9) / 3));
});

test('constructors validate data and shapes; randn is seeded', () => {
  assert.deepEqual(T.tensor([[1, 2], [3, 4]]).shape, [2, 2]);
  assert.deepEqual(T.tensor(5).shape, []);
  assert.throws(() => T.tensor([[1, 2], [3]]), ShapeError);
  assert.throws(() => T.tensor([1, NaN]), NonFiniteError);
  assert.throws(() => T.fromData([1, 2, 3], [2, 2]), ShapeError);
  assert.throws(() => T.fromData([1, Infinity]), NonFiniteError);
  assert.throws(() => T.zeros([2, -1]), ShapeError);
  assert.deepEqual(T.randn([3, 2], createRng(1)).data, T.randn([3, 2], createRng(1)).data);
  assert.deepEqual(T.eye(2).toArray(), [[1, 0], [0, 1]]);
  assert.deepEqual(T.tensor([[1, 2], [3, 4]]).toArray(), [[1, 2], [3, 4]]);
  assert.throws(() => T.zeros([2]).item(), ShapeError);
});
