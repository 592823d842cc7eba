// Conjugate gradient against direct solves, and Lanczos against dense eigh (the slower, obviously-correct route).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { InvalidArgumentError, NotPositiveDefiniteError, ShapeError } from '../../src/errors.ts';
import { conjugateGradient, asOperator, lanczos, eigh, solveSPD, matvec, norm2, diag, fromRows } from '../../src/linalg/index.ts';
import { assertClose, naiveMatmul, orthogonalityError, randomSpd, randomSymmetric } from './helpers.ts';

test('CG solves a 2×2 system exactly in two steps (closed form)', () => {
  const A = fromRows([[4, 1], [1, 3]]);
  const r = conjugateGradient(asOperator(A), new Float64Array([1, 2]), { tol: 1e-14 });
  assert.ok(r.converged);
  assert.ok(r.iterations <= 2, `iterations ${r.iterations}`);
  assertClose(r.x, [1 / 11, 7 / 11], 1e-15);
});

test('CG matches the Cholesky solve and reports the true residual', () => {
  const rng = createRng('linalg-cg');
  const n = 80;
  const A = randomSpd(rng, n, 10);
  const b = rng.fillNormal(new Float64Array(n));
  const b0 = b.slice();
  const r = conjugateGradient(asOperator(A), b, { tol: 1e-12 });
  assert.deepEqual(b, b0);
  assert.ok(r.converged);
  const direct = solveSPD(A, b);
  assertClose(r.x, direct, 1e-9, 'CG vs solveSPD');
  const Ax = matvec(A, r.x);
  const res = norm2(Ax.map((v, i) => b[i]! - v));
  assert.ok(Math.abs(res - r.residualNorm) <= 1e-12 * norm2(b), 'residualNorm is the true residual');
  assert.ok(r.residualNorm <= 1e-12 * norm2(b));
});

test('a Jacobi preconditioner cuts iterations on a badly scaled SPD system; x0 and maxIter behave', () => {
  const rng = createRng('linalg-pcg');
  const n = 60;
  const S = randomSpd(rng, n, 5);
  // D S D with D spanning 1e-2…1e2: ill-conditioned by scaling alone, which Jacobi undoes.
  const d = Array.from({ length: n }, (_, i) => 10 ** (-2 + (4 * i) / (n - 1)));
  const A = naiveMatmul(naiveMatmul(diag(d), S), diag(d));
  const b = rng.fillNormal(new Float64Array(n));
  const plain = conjugateGradient(asOperator(A), b, { tol: 1e-10, maxIter: 5000 });
  const jac = conjugateGradient(asOperator(A), b, { tol: 1e-10, precondition: (r) => r.map((v, i) => v / A.data[i * n + i]!) });
  assert.ok(jac.converged && plain.converged);
  assert.ok(jac.iterations < plain.iterations / 2, `Jacobi ${jac.iterations} vs plain ${plain.iterations}`);
  assertClose(jac.x, solveSPD(A, b), 1e-6, 'PCG solution');
  // Starting at the solution: zero iterations.
  const warm = conjugateGradient(asOperator(A), b, { x0: jac.x, tol: 1e-8 });
  assert.equal(warm.iterations, 0);
  assert.ok(warm.converged);
  // maxIter too small: not converged, no throw, residual reported.
  const short = conjugateGradient(asOperator(A), b, { maxIter: 3 });
  assert.equal(short.iterations, 3);
  assert.equal(short.converged, false);
  assert.ok(short.residualNorm > 0);
  // b = 0 gives x = 0 at once.
  assert.deepEqual(conjugateGradient(asOperator(A), new Float64Array(n)).iterations, 0);
});

test('CG errors: indefinite operator, bad options, wrong operator output', () => {
  const indefinite = asOperator(fromRows([[1, 0], [0, -1]]));
  assert.throws(() => conjugateGradient(indefinite, new Float64Array([0, 1])), (e: unknown) => e instanceof NotPositiveDefiniteError &&
    /conjugateGradient: pᵀAp = -1 ≤ 0 at iteration 0/.test(e.message));
  const I = (v: Float64Array) => v.slice();
  assert.throws(() => conjugateGradient(I, new Float64Array(2), { tol: -1 }), InvalidArgumentError);
  assert.throws(() => conjugateGradient(I, new Float64Array(2), { maxIter: 1.5 }), InvalidArgumentError);
  assert.throws(() => conjugateGradient(I, new Float64Array(2), { x0: new Float64Array(3) }), ShapeError);
  assert.throws(() => conjugateGradient(() => new Float64Array(3), new Float64Array([1, 1])), /applyA\(v\) has 3 entries; expected 2/);
  assert.throws(() => conjugateGradient(I, new Float64Array([1, NaN])), /b\[1\] is NaN/);
});

test('Lanczos top-k and bottom-k eigenpairs match dense eigh', () => {
  const rng = createRng('linalg-lanczos');
  const n = 120;
  const A = randomSymmetric(rng, n);
  const dense = eigh(A).values;
  const op = asOperator(A);
  const top = lanczos(op, n, 5, { rng: rng.split(), tol: 1e-10, maxIter: n });
  assert.ok(top.converged);
  assertClose(top.values, [0, 1, 2, 3, 4].map((i) => dense[n - 1 - i]!), 1e-9, 'largest 5');
  const bottom = lanczos(op, n, 4, { which: 'smallest', rng: rng.split(), maxIter: n });
  assert.ok(bottom.converged);
  assertClose(bottom.values, [0, 1, 2, 3].map((i) => dense[i]!), 1e-9, 'smallest 4');
  // Ritz vectors: orthonormal, with the reported residuals.
  const V = top.vectors!;
  assert.equal(V.rows, n);
  assert.equal(V.cols, 5);
  assert.ok(orthogonalityError(V) < 1e-10);
  for (let i = 0; i < 5; i++) {
    const y = new Float64Array(n);
    for (let t = 0; t < n; t++) y[t] = V.data[t * 5 + i]!;
    const r = matvec(A, y).map((v, t) => v - top.values[i]! * y[t]!);
    assert.ok(norm2(r) < 1e-8 * Math.abs(dense[n - 1]!), `residual of pair ${i}: ${norm2(r)}`);
  }
  assert.equal(lanczos(op, n, 2, { rng: rng.split(), vectors: false }).vectors, undefined);
});

test('Lanczos on a diagonal operator with a spread spectrum, and on exact multiplicities via restarts', () => {
  const n = 300;
  const d = Array.from({ length: n }, (_, i) => 1 / (i + 1));
  const op = (v: Float64Array) => v.map((x, i) => d[i]! * x);
  const rng = createRng(4);
  const r = lanczos(op, n, 3, { rng, maxIter: 150 });
  assert.ok(r.converged);
  assertClose(r.values, [1, 1 / 2, 1 / 3], 1e-10, 'top of 1/(i+1)');
  // The identity of size 6: every Krylov space is 1-dimensional, so each eigenvalue copy needs a restart.
  const id = lanczos((v) => v.slice(), 6, 3, { rng: rng.split(), maxIter: 6 });
  assert.ok(id.converged);
  assertClose(id.values, [1, 1, 1], 1e-14, 'identity');
  assert.ok(orthogonalityError(id.vectors!) < 1e-12);
  // n = k = 1.
  assertClose(lanczos((v) => v.map((x) => 3 * x), 1, 1, { rng: rng.split() }).values, [3], 1e-15);
});

test('Lanczos errors name the bad option', () => {
  const rng = createRng(0);
  const I = (v: Float64Array) => v.slice();
  assert.throws(() => lanczos(I, 5, 6, { rng }), /k = 6 eigenpairs requested but the operator has dimension n = 5/);
  assert.throws(() => lanczos(I, 5, 2, { rng, which: 'middle' as 'largest' }), /'largest' or 'smallest'/);
  assert.throws(() => lanczos(I, 5, 2, {} as { rng: never }), /opts.rng must be an Rng/);
  assert.throws(() => lanczos(I, 5, 2, { rng, maxIter: 9 }), /maxIter = 9 exceeds the dimension n = 5/);
  assert.throws(() => lanczos(() => new Float64Array(2), 5, 2, { rng }), /applyA\(v\) has 2 entries; expected 5/);
});
