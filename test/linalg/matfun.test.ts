// Matrix functions via eigh: closed forms, identities (sqrtm² = A, logm∘expm = id, powm(−1) = A⁻¹) and a Taylor series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { InvalidArgumentError, NonFiniteError, NotPositiveDefiniteError, SingularMatrixError } from '../../src/errors.ts';
import { sqrtm, expm, logm, powm, funm, inverse, fromRows, diag, identity, type Matrix } from '../../src/linalg/index.ts';
import { assertClose, naiveMatmul, randomSpd, randomSymmetric } from './helpers.ts';

/** exp(A) by its Taylor series with scaling and squaring: slow and obviously correct for small symmetric A. */
function expTaylor(A: Matrix): Matrix {
  const n = A.rows;
  const s = 6;
  const B = { rows: n, cols: n, data: A.data.map((v) => v / 2 ** s) };
  let term = identity(n);
  let sum = identity(n);
  for (let k = 1; k < 30; k++) {
    term = naiveMatmul(term, B);
    term.data.forEach((v, i) => { term.data[i] = v / k; });
    sum = { rows: n, cols: n, data: sum.data.map((v, i) => v + term.data[i]!) };
  }
  for (let i = 0; i < s; i++) sum = naiveMatmul(sum, sum);
  return sum;
}

test('closed forms on 2×2 matrices', () => {
  // [[2, 1], [1, 2]] has eigenpairs (3, [1,1]/√2) and (1, [1,−1]/√2).
  const A = fromRows([[2, 1], [1, 2]]);
  const e3 = Math.exp(3);
  const e1 = Math.exp(1);
  assertClose(expm(A).data, [(e3 + e1) / 2, (e3 - e1) / 2, (e3 - e1) / 2, (e3 + e1) / 2], 1e-14, 'expm');
  const r3 = Math.sqrt(3);
  assertClose(sqrtm(A).data, [(r3 + 1) / 2, (r3 - 1) / 2, (r3 - 1) / 2, (r3 + 1) / 2], 1e-15, 'sqrtm');
  assertClose(powm(A, 3).data, [14, 13, 13, 14], 1e-13, 'A³');
  assertClose(powm(A, 0).data, [1, 0, 0, 1], 1e-15, 'A⁰');
  assertClose(logm(A).data, [Math.log(3) / 2, Math.log(3) / 2, Math.log(3) / 2, Math.log(3) / 2], 1e-15, 'logm');
  assertClose(expm(diag([0, -1, 2])).data, diag([1, Math.exp(-1), Math.exp(2)]).data, 1e-15, 'expm of a diagonal');
});

test('identities on random SPD and symmetric matrices', () => {
  const rng = createRng('linalg-matfun');
  const n = 12;
  const S = randomSpd(rng, n, 2);
  const R = sqrtm(S);
  assertClose(naiveMatmul(R, R).data, S.data, 1e-13, 'sqrtm² = A');
  assertClose(powm(S, 0.5).data, R.data, 1e-13, 'powm(½) = sqrtm');
  assertClose(powm(S, -1).data, inverse(S).data, 1e-12, 'powm(−1) = A⁻¹');
  assertClose(naiveMatmul(powm(S, 1 / 3), powm(S, 2 / 3)).data, S.data, 1e-12, 'A^⅓·A^⅔ = A');
  const H = randomSymmetric(rng, n);
  H.data.forEach((v, i) => { H.data[i] = v / 4; });
  assertClose(expm(H).data, expTaylor(H).data, 1e-12, 'expm vs Taylor');
  assertClose(logm(expm(H)).data, H.data, 1e-12, 'logm(expm(H)) = H');
  assertClose(funm(H, (l) => l * l).data, naiveMatmul(H, H).data, 1e-13, 'funm(x²) = H²');
  // Integer powers work for indefinite symmetric matrices.
  assertClose(powm(H, 2).data, naiveMatmul(H, H).data, 1e-13, 'H² for indefinite H');
});

test('PSD handling: rounding-level negative eigenvalues are zeroed, real negatives are errors', () => {
  // Rank-1 PSD matrix v vᵀ: eigh gives a zero (or ±1e-17) eigenvalue; sqrtm is v vᵀ / ‖v‖.
  const v = [1, 2, 3];
  const P = fromRows(v.map((a) => v.map((b) => a * b)));
  const nv = Math.sqrt(14);
  // sqrt is not Lipschitz at 0: a rounding-level eigenvalue ε·‖A‖ ≈ 3e-15 becomes √(3e-15) ≈ 6e-8 in the result.
  assertClose(sqrtm(P).data, P.data.map((x) => x / nv), 1e-7, 'sqrtm of a rank-1 PSD matrix');
  assert.throws(() => sqrtm(fromRows([[1, 0], [0, -1e-3]])), (e: unknown) => e instanceof NotPositiveDefiniteError &&
    /sqrtm: A \(2×2\) has eigenvalue -0\.001 < 0/.test(e.message));
  // The same matrix passes when the caller declares a looser PSD tolerance.
  assertClose(sqrtm(fromRows([[1, 0], [0, -1e-3]]), { psdTol: 1e-2 }).data, [1, 0, 0, 0], 0);
  assert.throws(() => logm(diag([1, 0])), NotPositiveDefiniteError);
  assert.throws(() => powm(diag([1, 0]), -1), SingularMatrixError);
  assert.throws(() => powm(diag([1, 0]), -0.5), NotPositiveDefiniteError);
  assert.throws(() => powm(diag([1, -2]), 0.5), NotPositiveDefiniteError);
  assert.throws(() => powm(diag([1]), NaN), InvalidArgumentError);
  assert.throws(() => expm(diag([1000])), (e: unknown) => e instanceof NonFiniteError && /expm: f\(λ\) = Infinity for eigenvalue λ = 1000/.test(e.message));
  assert.throws(() => expm(fromRows([[1, 2], [0, 1]])), /expm: A \(2×2\) is not symmetric/);
});
