// Matrix constructors and products: gemm-backed matmul/matvec against the triple loop; shape errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { ShapeError, InvalidArgumentError } from '../../src/errors.ts';
import { matrix, zeros, identity, diag, fromRows, toRows, transpose, matmul, matvec, frobenius, norm2, clone } from '../../src/linalg/index.ts';
import { assertClose, naiveMatmul, randn } from './helpers.ts';

test('constructors and row round trip', () => {
  const A = fromRows([[1, 2, 3], [4, 5, 6]]);
  assert.equal(A.rows, 2);
  assert.equal(A.cols, 3);
  assert.deepEqual(Array.from(A.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(toRows(A), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(toRows(transpose(A)), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(toRows(identity(2)), [[1, 0], [0, 1]]);
  assert.deepEqual(toRows(diag([2, 3])), [[2, 0], [0, 3]]);
  assert.deepEqual(Array.from(zeros(2, 3).data), [0, 0, 0, 0, 0, 0]);
  const B = clone(A);
  B.data[0] = 9;
  assert.equal(A.data[0], 1);
  assert.throws(() => fromRows([[1, 2], [3]]), ShapeError);
  assert.throws(() => matrix(2, 2, new Float64Array(3)), /data has 3 entries \(expected 4\)/);
  assert.throws(() => matrix(-1, 2), ShapeError);
  assert.throws(() => matmul({ rows: 1, cols: 1, data: [1] as unknown as Float64Array }, identity(1)), InvalidArgumentError);
});

test('matmul with every transpose combination matches the triple loop', () => {
  const rng = createRng('linalg-matmul');
  for (const [m, k, n] of [[1, 1, 1], [3, 5, 2], [17, 9, 33], [64, 31, 7]] as const) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      const A = tA ? randn(rng, k, m) : randn(rng, m, k);
      const B = tB ? randn(rng, n, k) : randn(rng, k, n);
      const C = matmul(A, B, { transA: tA, transB: tB });
      assert.equal(C.rows, m);
      assert.equal(C.cols, n);
      assertClose(C.data, naiveMatmul(A, B, tA, tB).data, 1e-13, `matmul ${m}×${k}×${n} tA=${tA} tB=${tB}`);
    }
  }
});

test('matmul inputs are not mutated and empty inner dimension gives zeros', () => {
  const rng = createRng(1);
  const A = randn(rng, 4, 3);
  const B = randn(rng, 3, 2);
  const a0 = A.data.slice();
  const b0 = B.data.slice();
  matmul(A, B);
  assert.deepEqual(A.data, a0);
  assert.deepEqual(B.data, b0);
  assert.deepEqual(Array.from(matmul(zeros(2, 0), zeros(0, 3)).data), [0, 0, 0, 0, 0, 0]);
});

test('matmul shape mismatch names both shapes', () => {
  assert.throws(() => matmul(zeros(3, 4), zeros(5, 2)), (e: unknown) => e instanceof ShapeError &&
    /matmul: op\(A\) is 3×4 but op\(B\) is 5×2/.test(e.message) && /inner dimensions must match/.test(e.message));
  assert.throws(() => matvec(zeros(3, 4), new Float64Array(3)), /matvec: A is 3×4 but x has 3 entries/);
});

test('matvec and norms', () => {
  const A = fromRows([[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(Array.from(matvec(A, new Float64Array([1, -1]))), [-1, -1, -1]);
  assert.equal(frobenius(fromRows([[3, 0], [0, 4]])), 5);
  // Scaled accumulation: no overflow or underflow at the extremes of float64.
  assert.ok(Math.abs(norm2([3e200, 4e200]) / 5e200 - 1) < 1e-15);
  assert.ok(Math.abs(norm2([3e-200, 4e-200]) / 5e-200 - 1) < 1e-15);
  assert.equal(norm2([]), 0);
});

test('matmul into a preallocated out: same product, no new matrix; wrong shape or aliasing is refused', () => {
  const rng = createRng('linalg-matmul-out');
  const A = randn(rng, 7, 5), B = randn(rng, 5, 4);
  const out = matrix(7, 4, new Float64Array(28).fill(Number.NaN)); // β = 0: old contents (even NaN) are not read
  const C = matmul(A, B, { out });
  assert.equal(C, out, 'returns the given out');
  assertClose(out.data, naiveMatmul(A, B, false, false).data, 1e-13, 'matmul out');
  const zeroK = matrix(2, 3, new Float64Array(6).fill(5));
  matmul(matrix(2, 0), matrix(0, 3), { out: zeroK });
  assert.deepEqual(Array.from(zeroK.data), [0, 0, 0, 0, 0, 0], 'an empty inner dimension zeroes out');
  assert.throws(() => matmul(A, B, { out: matrix(4, 7) }), (e: unknown) => e instanceof ShapeError && /out is 4×7 but the product is 7×4/.test((e as Error).message));
  const S = randn(rng, 3, 3);
  assert.throws(() => matmul(S, S, { out: S }), (e: unknown) => e instanceof InvalidArgumentError && /shares memory/.test((e as Error).message));
});
