// The portable backend where WebAssembly (or its SIMD proposal) is missing, e.g. an old browser: every kernel
// must fall back to plain TS and still agree with the references. WebAssembly is hidden before the first import
// (each test file runs in its own process, so this does not affect other files).
import { test } from 'node:test';
import assert from 'node:assert/strict';

Object.defineProperty(globalThis, 'WebAssembly', { value: undefined, configurable: true, writable: true });
const { portableKernels: K } = await import('../../src/kernels/portable/index.ts');
const { wasmGemm } = await import('../../src/kernels/portable/wasm-gemm.ts');

function randMat(rows: number, cols: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = s / 2 ** 32 * 2 - 1; }
  return out;
}
function mul(tA: boolean, tB: boolean, m: number, n: number, k: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (tA ? A[p * m + i]! : A[i * k + p]!) * (tB ? B[j * k + p]! : B[p * n + j]!);
    C[i * n + j] = s;
  }
  return C;
}
const maxDiff = (x: Float64Array, y: Float64Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);

test('without WebAssembly the kernel is absent and gemm uses the TS tile', () => {
  assert.equal(wasmGemm, null);
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const A = randMat(130, 67, 1), B = randMat(67, 97, 2), C = new Float64Array(130 * 97).fill(NaN);
    K.gemm(tA, tB, 130, 97, 67, 1, A, B, 0, C);
    assert.ok(maxDiff(C, mul(tA, tB, 130, 97, 67, A, B)) <= 1e-12);
  }
});

test('without WebAssembly: blocked Cholesky, LU, many-RHS solves, eigh and SVD still reconstruct', () => {
  const n = 200, X = randMat(n, n, 3), S = mul(true, false, n, n, n, X, X);
  for (let i = 0; i < n; i++) S[i * n + i] = S[i * n + i]! + n;
  const L = S.slice();
  assert.equal(K.potrf(n, L), 0);
  assert.ok(maxDiff(mul(false, true, n, n, n, L, L), S) <= 1e-12 * n);
  const Xs = randMat(n, 40, 4), B = mul(false, false, n, 40, n, S, Xs);
  assert.equal(K.gesv(n, 40, S.slice(), B), 0);
  assert.ok(maxDiff(B, Xs) <= 1e-10);
  const V = S.slice(), w = new Float64Array(n);
  assert.equal(K.syevd(n, V, w), 0);
  const VL = V.map((v, idx) => v * w[idx % n]!);
  assert.ok(maxDiff(mul(false, true, n, n, n, VL, V), S) <= 1e-12 * w[n - 1]!);
  const m = 120, p = 80, A = randMat(m, p, 5), s = new Float64Array(p), U = new Float64Array(m * p), VT = new Float64Array(p * p);
  assert.equal(K.gesdd('S', m, p, A.slice(), s, U, VT), 0);
  const US = U.map((v, idx) => v * s[idx % p]!);
  assert.ok(maxDiff(mul(false, false, m, p, p, US, VT), A) <= 1e-12 * s[0]!);
});
