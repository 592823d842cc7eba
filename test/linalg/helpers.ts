// Shared fixtures for the linalg tests: seeded random matrices and slow, obviously-correct reference routines.
import assert from 'node:assert/strict';
import type { Rng } from '../../src/random/types.ts';
import type { Matrix } from '../../src/linalg/index.ts';

export function randn(rng: Rng, m: number, n: number): Matrix {
  return { rows: m, cols: n, data: rng.fillNormal(new Float64Array(m * n)) };
}

/** XᵀX + shift·I for a random X: symmetric positive definite. */
export function randomSpd(rng: Rng, n: number, shift = n): Matrix {
  const X = randn(rng, n, n);
  const S = naiveMatmul(X, X, true, false);
  for (let i = 0; i < n; i++) S.data[i * n + i]! += shift;
  return S;
}

export function randomSymmetric(rng: Rng, n: number): Matrix {
  const X = randn(rng, n, n);
  const S = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.data[i * n + j] = X.data[i * n + j]! + X.data[j * n + i]!;
  return S;
}

/** The triple loop, the reference for every product. */
export function naiveMatmul(A: Matrix, B: Matrix, tA = false, tB = false): Matrix {
  const m = tA ? A.cols : A.rows;
  const k = tA ? A.rows : A.cols;
  const n = tB ? B.rows : B.cols;
  const a = (i: number, l: number) => (tA ? A.data[l * A.cols + i]! : A.data[i * A.cols + l]!);
  const b = (l: number, j: number) => (tB ? B.data[j * B.cols + l]! : B.data[l * B.cols + j]!);
  const C = { rows: m, cols: n, data: new Float64Array(m * n) };
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += a(i, l) * b(l, j);
    C.data[i * n + j] = s;
  }
  return C;
}

export function maxAbs(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]!));
  return s;
}

/** max |a − b| ≤ tol · max(1, max|b|) (relative to the reference's scale). */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = 'value'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  let err = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!);
    if (!(e <= err)) { err = e; at = i; }
  }
  const scale = Math.max(1, maxAbs(expected));
  assert.ok(err <= tol * scale, `${what}: max error ${err} at [${at}] (${actual[at]} vs ${expected[at]}) exceeds ${tol}·${scale}`);
}

/** ‖QᵀQ − I‖_max for a matrix with (intended) orthonormal columns. */
export function orthogonalityError(Q: Matrix): number {
  const G = naiveMatmul(Q, Q, true, false);
  let e = 0;
  for (let i = 0; i < G.rows; i++) for (let j = 0; j < G.cols; j++) e = Math.max(e, Math.abs(G.data[i * G.cols + j]! - (i === j ? 1 : 0)));
  return e;
}
