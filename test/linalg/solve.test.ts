// solve (LU), solveSPD (Cholesky), inverse, det/slogdet/logdet and lstsq against closed forms and slower references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { InvalidArgumentError, NotPositiveDefiniteError, ShapeError, SingularMatrixError } from '../../src/errors.ts';
import { solve, solveSPD, inverse, det, slogdet, logdet, lstsq, cholesky, fromRows, identity, diag, zeros, svd, type Matrix }
  from '../../src/linalg/index.ts';
import { assertClose, naiveMatmul, randn, randomSpd } from './helpers.ts';

/** Gaussian elimination with partial pivoting on nested arrays: the slow reference solver. */
function referenceSolve(A: Matrix, b: Float64Array): Float64Array {
  const n = A.rows;
  const M = Array.from({ length: n }, (_, i) => [...A.data.subarray(i * n, (i + 1) * n), b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

test('solve: closed form, vector and matrix right sides, against Gaussian elimination', () => {
  // [[2, 1], [1, 3]] x = [3, 5] → x = [4/5, 7/5].
  assertClose(solve(fromRows([[2, 1], [1, 3]]), new Float64Array([3, 5])), [0.8, 1.4], 1e-15);
  const rng = createRng('linalg-solve');
  for (const n of [1, 3, 40]) {
    const A = randn(rng, n, n);
    const b = rng.fillNormal(new Float64Array(n));
    const a0 = A.data.slice();
    const b0 = b.slice();
    const x = solve(A, b);
    assert.deepEqual(A.data, a0);
    assert.deepEqual(b, b0);
    assertClose(x, referenceSolve(A, b), 1e-10, `solve n=${n}`);
    const B = randn(rng, n, 3);
    const X = solve(A, B);
    assert.equal(X.rows, n);
    assert.equal(X.cols, 3);
    assertClose(naiveMatmul(A, X).data, B.data, 1e-10, 'A·X = B');
  }
});

test('solve raises SingularMatrixError and ShapeError with the shapes', () => {
  assert.throws(() => solve(fromRows([[1, 2], [2, 4]]), new Float64Array([1, 1])), (e: unknown) => e instanceof SingularMatrixError &&
    /solve: A \(2×2\) is singular/.test(e.message) && /lstsq/.test(e.message));
  assert.throws(() => solve(zeros(3, 3), new Float64Array(3)), SingularMatrixError);
  assert.throws(() => solve(zeros(3, 2), new Float64Array(3)), (e: unknown) => e instanceof ShapeError && /solve: A is 3×2; a square matrix is required/.test(e.message));
  assert.throws(() => solve(identity(3), new Float64Array(2)), /solve: A is 3×3 but b has 2 entries; b must have 3/);
  assert.throws(() => solve(identity(3), zeros(2, 2)), /solve: A is 3×3 but B is 2×2; B must have 3 rows/);
  assert.throws(() => inverse(fromRows([[1, 1], [1, 1]])), SingularMatrixError);
});

test('solveSPD agrees with LU solve and reports non-SPD input like cholesky', () => {
  const rng = createRng('linalg-spd');
  const A = randomSpd(rng, 25);
  const b = rng.fillNormal(new Float64Array(25));
  assertClose(solveSPD(A, b), solve(A, b), 1e-12, 'solveSPD vs solve');
  const B = randn(rng, 25, 4);
  assertClose(solveSPD(A, B).data, solve(A, B).data, 1e-12, 'matrix rhs');
  assert.throws(() => solveSPD(fromRows([[1, 2], [2, 1]]), new Float64Array(2)), (e: unknown) => e instanceof NotPositiveDefiniteError &&
    /solveSPD: .*column 1 \(0-based\) is -3/.test(e.message));
  assert.throws(() => solveSPD(fromRows([[1, 2], [0, 1]]), new Float64Array(2)), /not symmetric/);
});

test('inverse: closed form and A·A⁻¹ = I', () => {
  assertClose(inverse(fromRows([[4, 7], [2, 6]])).data, [0.6, -0.7, -0.2, 0.4], 1e-15);
  const A = randn(createRng(11), 20, 20);
  assertClose(naiveMatmul(A, inverse(A)).data, identity(20).data, 1e-11, 'A·A⁻¹');
});

test('det, slogdet and logdet: closed forms, permutation signs, Vandermonde, SPD via Cholesky', () => {
  assert.equal(det(fromRows([[1, 2], [3, 4]])), -2);
  assert.equal(det(fromRows([[0, 1], [1, 0]])), -1);
  assert.equal(det(fromRows([[0, 1, 0], [0, 0, 1], [1, 0, 0]])), 1); // a 3-cycle is an even permutation
  assert.equal(det(fromRows([[1, 2], [2, 4]])), 0);
  assert.deepEqual(slogdet(fromRows([[1, 2], [2, 4]])), { sign: 0, logAbsDet: -Infinity });
  assert.equal(det(zeros(0, 0)), 1);
  // Vandermonde: det = Π_{i<j} (x_j − x_i).
  const x = [0.5, -1, 2, 3.5, -2.25];
  const V = fromRows(x.map((xi) => x.map((_, j) => xi ** j)));
  let expected = 1;
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) expected *= x[j]! - x[i]!;
  assert.ok(Math.abs(det(V) / expected - 1) < 1e-13, `Vandermonde det ${det(V)} vs ${expected}`);
  const s = slogdet(V);
  assert.equal(s.sign, Math.sign(expected));
  assert.ok(Math.abs(s.logAbsDet - Math.log(Math.abs(expected))) < 1e-13);
  // SPD: log det = 2 Σ log L_ii; a 300-dim diagonal with entries 1e3 overflows det but not logdet.
  const A = randomSpd(createRng(5), 30);
  const L = cholesky(A);
  let ref = 0;
  for (let i = 0; i < 30; i++) ref += 2 * Math.log(L.data[i * 30 + i]!);
  assert.ok(Math.abs(logdet(A) - ref) < 1e-11 * Math.abs(ref));
  const big = diag(new Array(300).fill(1e3));
  assert.equal(det(big), Infinity);
  assert.ok(Math.abs(logdet(big) - 300 * Math.log(1e3)) < 1e-10);
  assert.throws(() => logdet(fromRows([[0, 1], [1, 0]])), (e: unknown) => e instanceof InvalidArgumentError && /slogdet/.test(e.message));
});

test('lstsq: overdetermined full rank equals the normal-equation solution', () => {
  const rng = createRng('linalg-lstsq');
  const A = randn(rng, 30, 5);
  const b = rng.fillNormal(new Float64Array(30));
  const { x, rank, singularValues } = lstsq(A, b);
  assert.equal(rank, 5);
  assert.equal(singularValues.length, 5);
  const AtA = naiveMatmul(A, A, true, false);
  const Atb = naiveMatmul(A, { rows: 30, cols: 1, data: b }, true, false).data;
  assertClose(x, referenceSolve(AtA, Atb), 1e-11, 'lstsq vs normal equations');
});

test('lstsq: minimum-norm solution for underdetermined and rank-deficient systems', () => {
  // x1 + x2 = 2 → minimum-norm x = [1, 1].
  const r = lstsq(fromRows([[1, 1]]), new Float64Array([2]));
  assertClose(r.x, [1, 1], 1e-15);
  assert.equal(r.rank, 1);
  // Rank-1 4×3: the minimum-norm solution is A⁺b with A⁺ = v uᵀ / σ.
  const u = [1, 2, 2, 0];
  const v = [2, -1, 2];
  const A = fromRows(u.map((ui) => v.map((vj) => ui * vj)));
  const b = new Float64Array([1, 0, 3, 5]);
  const { x, rank } = lstsq(A, b);
  assert.equal(rank, 1);
  const uu = u.reduce((s, t) => s + t * t, 0);
  const vv = v.reduce((s, t) => s + t * t, 0);
  const ub = u.reduce((s, t, i) => s + t * b[i]!, 0);
  assertClose(x, v.map((vj) => (vj * ub) / (uu * vv)), 1e-14, 'A⁺b for rank 1');
  // Matrix right side: the columns are solved independently.
  const B = fromRows([[1, 2], [0, 1], [3, 0], [5, 1]]);
  const X = lstsq(A, B).x;
  assertClose([X.data[0]!, X.data[2]!, X.data[4]!], x, 1e-14, 'first column');
  // rcond: a singular value at 1e-9 of the largest is dropped only when rcond is above it.
  const D = diag([1, 1e-9]);
  assert.equal(lstsq(D, new Float64Array([1, 1])).rank, 2);
  const cut = lstsq(D, new Float64Array([1, 1]), { rcond: 1e-6 });
  assert.equal(cut.rank, 1);
  assertClose(cut.x, [1, 0], 0);
  assert.throws(() => lstsq(D, new Float64Array([1, 1]), { rcond: -1 }), InvalidArgumentError);
  assert.throws(() => lstsq(zeros(3, 2), new Float64Array(2)), /lstsq: A is 3×2 but b has 2 entries; b must have 3/);
  assert.equal(svd(D).s[1], 1e-9);
});
