// eigh, svd and cholesky: closed forms, reconstructions A = VΛVᵀ / UΣVᵀ / LLᵀ, orthogonality, and error types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { InvalidArgumentError, NonFiniteError, NotPositiveDefiniteError, ShapeError } from '../../src/errors.ts';
import { eigh, eigvalsh, svd, singularValues, cholesky, fromRows, zeros, diag, type Matrix } from '../../src/linalg/index.ts';
import { assertClose, naiveMatmul, orthogonalityError, randn, randomSpd, randomSymmetric } from './helpers.ts';

const scaleCols = (V: Matrix, d: ArrayLike<number>): Matrix => {
  const out = { rows: V.rows, cols: V.cols, data: V.data.slice() };
  for (let i = 0; i < V.rows; i++) for (let j = 0; j < V.cols; j++) out.data[i * V.cols + j]! *= d[j]!;
  return out;
};

test('eigh of the 1-D Laplacian matches λ_k = 2 − 2cos(kπ/(n+1)) and v_k(i) ∝ sin(ikπ/(n+1))', () => {
  const n = 40;
  const A = zeros(n, n);
  for (let i = 0; i < n; i++) {
    A.data[i * n + i] = 2;
    if (i + 1 < n) { A.data[i * n + i + 1] = -1; A.data[(i + 1) * n + i] = -1; }
  }
  const { values, vectors } = eigh(A);
  const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
  assertClose(values, expected, 1e-13, 'Laplacian eigenvalues');
  // Eigenvector of the smallest eigenvalue, up to sign.
  const norm = Math.sqrt(2 / (n + 1));
  const v = Array.from({ length: n }, (_, i) => norm * Math.sin(((i + 1) * Math.PI) / (n + 1)));
  const sign = Math.sign(vectors.data[0]!);
  assertClose(Array.from({ length: n }, (_, i) => sign * vectors.data[i * n]!), v, 1e-12, 'first eigenvector');
});

test('eigh reconstructs random symmetric matrices with orthonormal vectors; input untouched', () => {
  const rng = createRng('linalg-eigh');
  for (const n of [1, 2, 7, 60]) {
    const A = randomSymmetric(rng, n);
    const a0 = A.data.slice();
    const { values, vectors } = eigh(A);
    assert.deepEqual(A.data, a0);
    for (let i = 1; i < n; i++) assert.ok(values[i - 1]! <= values[i]!, 'ascending');
    assert.ok(orthogonalityError(vectors) < 1e-13);
    const R = naiveMatmul(scaleCols(vectors, values), vectors, false, true);
    assertClose(R.data, A.data, 1e-13, `VΛVᵀ n=${n}`);
    assertClose(eigvalsh(A), values, 0, 'eigvalsh');
  }
  assert.equal(eigh(zeros(0, 0)).values.length, 0);
});

test('eigh checks symmetry to the stated tolerance and rejects non-square and non-finite input', () => {
  const A = fromRows([[1, 2], [2 + 1e-6, 1]]);
  assert.throws(() => eigh(A), (e: unknown) => e instanceof InvalidArgumentError &&
    /eigh: A \(2×2\) is not symmetric: A\[1, 0\] = 2\.000001 but A\[0, 1\] = 2/.test(e.message) && /1e-10·max\|A\|/.test(e.message));
  const { values } = eigh(A, { symmetryTol: 1e-5 }); // accepted when the caller widens the tolerance; symmetrised
  assertClose(values, [-1 - 5e-7, 3 + 5e-7], 1e-14);
  assert.throws(() => eigh(zeros(2, 3)), (e: unknown) => e instanceof ShapeError && /eigh: A is 2×3; a square matrix is required/.test(e.message));
  assert.throws(() => eigh(fromRows([[1, NaN], [NaN, 1]])), (e: unknown) => e instanceof NonFiniteError && /A\[0, 1\] is NaN/.test(e.message));
  assert.throws(() => eigh(fromRows([[1, 0], [0, Infinity]])), NonFiniteError);
  assert.throws(() => eigh(A, { symmetryTol: -1 }), InvalidArgumentError);
});

test('svd: known singular values, thin and full factors, rank-deficient and wide inputs', () => {
  // [[3, 0], [4, 5]] has singular values √45 and √5 (σ1σ2 = |det| = 15, σ1² + σ2² = 50).
  assertClose(svd(fromRows([[3, 0], [4, 5]])).s, [Math.sqrt(45), Math.sqrt(5)], 1e-15);
  const rng = createRng('linalg-svd');
  const cases: Matrix[] = [randn(rng, 1, 1), randn(rng, 9, 4), randn(rng, 4, 9), randn(rng, 30, 30)];
  // Rank 2 outer-product sum, 12×8.
  const X = randn(rng, 12, 2);
  const Y = randn(rng, 2, 8);
  cases.push(naiveMatmul(X, Y));
  for (const A of cases) {
    const a0 = A.data.slice();
    const r = Math.min(A.rows, A.cols);
    const thin = svd(A);
    assert.deepEqual(A.data, a0);
    assert.equal(thin.U.rows, A.rows);
    assert.equal(thin.U.cols, r);
    assert.equal(thin.V.rows, A.cols);
    assert.equal(thin.V.cols, r);
    for (let i = 1; i < r; i++) assert.ok(thin.s[i - 1]! >= thin.s[i]!, 'descending');
    assert.ok(orthogonalityError(thin.U) < 1e-13 && orthogonalityError(thin.V) < 1e-13);
    const R = naiveMatmul(scaleCols(thin.U, thin.s), thin.V, false, true);
    assertClose(R.data, A.data, 1e-13, `UΣVᵀ ${A.rows}×${A.cols}`);
    const full = svd(A, { full: true });
    assert.equal(full.U.cols, A.rows);
    assert.equal(full.V.cols, A.cols);
    assert.ok(orthogonalityError(full.U) < 1e-13 && orthogonalityError(full.V) < 1e-13);
    assertClose(singularValues(A), thin.s, 1e-13, 'singularValues');
  }
  const lowRank = singularValues(cases[4]!);
  assert.ok(lowRank[2]! < 1e-13 * lowRank[0]!, 'rank 2 detected');
  assert.throws(() => svd(fromRows([[1, NaN]])), NonFiniteError);
  assert.throws(() => svd(zeros(2, 2), { full: 'yes' as unknown as boolean }), InvalidArgumentError);
  assert.equal(svd(zeros(0, 3)).s.length, 0);
});

test('svd matches σ_i = √λ_i(AᵀA) on a well-conditioned matrix (independent route)', () => {
  const A = randn(createRng(7), 15, 6);
  const ev = eigh(naiveMatmul(A, A, true, false)).values;
  const expected = Array.from(ev).reverse().map(Math.sqrt);
  assertClose(svd(A).s, expected, 1e-12);
});

test('cholesky: closed form, LLᵀ = A, lower triangular, input untouched', () => {
  // [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]].
  assert.deepEqual(Array.from(cholesky(fromRows([[4, 2], [2, 5]])).data), [2, 0, 1, 2]);
  const rng = createRng('linalg-chol');
  for (const n of [1, 5, 50, 130]) {
    const A = randomSpd(rng, n);
    const a0 = A.data.slice();
    const L = cholesky(A);
    assert.deepEqual(A.data, a0);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L.data[i * n + j], 0);
    assertClose(naiveMatmul(L, L, false, true).data, A.data, 1e-14, `LLᵀ n=${n}`);
  }
});

test('cholesky names the failing column and its pivot', () => {
  // Pivots of [[1,2],[2,1]]: 1, then 1 − 2² = −3 at column 1.
  assert.throws(() => cholesky(fromRows([[1, 2], [2, 1]])), (e: unknown) => e instanceof NotPositiveDefiniteError &&
    /cholesky: A \(2×2\) is not positive definite: the Cholesky pivot of column 1 \(0-based\) is -3/.test(e.message));
  // diag(1, 2, 0, 4): the pivot of column 2 is exactly 0.
  assert.throws(() => cholesky(diag([1, 2, 0, 4])), /pivot of column 2 \(0-based\) is 0/);
  assert.throws(() => cholesky(diag([-5])), /pivot of column 0 \(0-based\) is -5/);
  // A random SPD matrix with its last diagonal entry lowered by more than its Schur pivot.
  const rng = createRng(3);
  const n = 30;
  const A = randomSpd(rng, n);
  const L = cholesky(A);
  const lastPivot = L.data[n * n - 1]! ** 2;
  A.data[n * n - 1]! -= lastPivot + 2;
  assert.throws(() => cholesky(A), (e: unknown) => {
    const m = /column 29 \(0-based\) is (\S+) /.exec((e as Error).message);
    return e instanceof NotPositiveDefiniteError && m !== null && Math.abs(Number(m[1]) + 2) < 1e-9;
  });
  assert.throws(() => cholesky(fromRows([[1, 2], [3, 1]])), InvalidArgumentError);
});
