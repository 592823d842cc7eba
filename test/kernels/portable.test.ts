// Tests of the portable kernel backend against references: naive triple loops, closed-form spectra, constructed
// SVDs and known solutions. A small local generator keeps the test independent of src/random.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portableKernels as K } from '../../src/kernels/portable/index.ts';
import { gemmTs } from '../../src/kernels/portable/gemm-ts.ts';
import { wasmGemm } from '../../src/kernels/portable/wasm-gemm.ts';
import { potrfWith } from '../../src/kernels/portable/cholesky.ts';
import { syevdWith } from '../../src/kernels/portable/syevd.ts';
import { getrfUnblocked } from '../../src/kernels/portable/lu.ts';
import { naiveGemm } from './dense-ref.ts';

/** Deterministic uniform(−1, 1) stream (xorshift-multiply), only for generating test inputs. */
function stream(seed: number): () => number {
  let s = BigInt(seed) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn;
  return () => {
    s ^= s >> 12n; s ^= (s << 25n) & 0xffffffffffffffffn; s ^= s >> 27n;
    const r = (s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
    return Number(r >> 11n) / 2 ** 53 * 2 - 1;
  };
}
function randMat(rows: number, cols: number, seed: number): Float64Array {
  const r = stream(seed), out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = r();
  return out;
}
/** Product of row-major matrices (reference, naive). */
function mul(m: number, k: number, n: number, A: Float64Array, B: Float64Array): Float64Array {
  return naiveGemm(false, false, m, n, k, 1, A, B, 0, new Float64Array(0));
}
function transpose(rows: number, cols: number, A: Float64Array): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j]!;
  return out;
}
function maxAbs(x: ArrayLike<number>): number { let s = 0; for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]!)); return s; }
function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assert.equal(x.length, y.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]! - y[i]!));
  return s;
}
/** max |QᵀQ − I| for the `cols` columns of a rows×cols row-major Q. */
function orthoError(rows: number, cols: number, Q: Float64Array): number {
  const G = mul(cols, rows, cols, transpose(rows, cols, Q), Q);
  for (let i = 0; i < cols; i++) G[i * cols + i] = G[i * cols + i]! - 1;
  return maxAbs(G);
}
/** A random orthogonal n×n matrix (Gram–Schmidt, twice, on a random matrix); rows are orthonormal. */
function randOrthogonal(n: number, seed: number): Float64Array {
  const Q = randMat(n, n, seed);
  for (let i = 0; i < n; i++) for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < i; j++) {
      let d = 0;
      for (let k = 0; k < n; k++) d += Q[i * n + k]! * Q[j * n + k]!;
      for (let k = 0; k < n; k++) Q[i * n + k] = Q[i * n + k]! - d * Q[j * n + k]!;
    }
    let nr = 0;
    for (let k = 0; k < n; k++) nr += Q[i * n + k]! ** 2;
    nr = Math.sqrt(nr);
    for (let k = 0; k < n; k++) Q[i * n + k] = Q[i * n + k]! / nr;
  }
  return Q;
}

const SIZES = [1, 3, 17, 64, 129];

test('the wasm SIMD gemm kernel loads on Node 20 (so the fast path is the one tested)', () => {
  assert.ok(wasmGemm !== null);
});


test('gemm matches the naive triple loop for every transpose/alpha/beta combination and odd sizes', () => {
  let seed = 1;
  for (const [m, n, k] of [[1, 1, 1], [3, 17, 1], [17, 3, 64], [64, 129, 17], [129, 64, 3], [1, 129, 129], [129, 1, 64], [5, 7, 0]] as const) {
    for (const tA of [false, true]) for (const tB of [false, true]) for (const alpha of [1, -0.7, 0]) for (const beta of [0, 1, 0.3]) {
      const A = randMat(m, k, seed++), B = randMat(k, n, seed++), C = randMat(m, n, seed++);
      const want = naiveGemm(tA, tB, m, n, k, alpha, A, B, beta, C);
      if (beta === 0) C.fill(NaN); // β = 0: C must not be read
      K.gemm(tA, tB, m, n, k, alpha, A, B, beta, C);
      assert.ok(maxDiff(C, want) <= 1e-13 * Math.max(1, k), `gemm ${m}×${n}×${k} tA=${tA} tB=${tB} α=${alpha} β=${beta}: ${maxDiff(C, want)}`);
    }
  }
});

test('gemm on all size combinations of 1, 3, 17, 64, 129 (both paths agree with the naive loop)', () => {
  let seed = 1000;
  for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) {
    const tA = (m + n) % 2 === 0, tB = (n + k) % 2 === 1;
    const A = randMat(m, k, seed++), B = randMat(k, n, seed++), C0 = randMat(m, n, seed++);
    const want = naiveGemm(tA, tB, m, n, k, 1.5, A, B, -0.5, C0);
    const C1 = C0.slice(), C2 = C0.slice();
    K.gemm(tA, tB, m, n, k, 1.5, A, B, -0.5, C1);
    gemmTs(tA, tB, m, n, k, 1.5, A, B, -0.5, C2);
    assert.ok(maxDiff(C1, want) <= 1e-13 * k, `kernel ${m}×${n}×${k}`);
    assert.ok(maxDiff(C2, want) <= 1e-13 * k, `ts ${m}×${n}×${k}`);
  }
});

test('gemm: large product with all transposes (blocked path) matches the naive loop', () => {
  const m = 301, n = 259, k = 300;
  for (const tA of [false, true]) for (const tB of [false, true]) {
    const A = randMat(m, k, 7), B = randMat(k, n, 8), C = randMat(m, n, 9);
    const want = naiveGemm(tA, tB, m, n, k, 0.5, A, B, 2, C);
    K.gemm(tA, tB, m, n, k, 0.5, A, B, 2, C);
    assert.ok(maxDiff(C, want) <= 1e-12, `tA=${tA} tB=${tB}: ${maxDiff(C, want)}`);
  }
});

test('gemm: several k blocks (k > 512) and column blocks (n > 1024) of the wasm kernel', () => {
  for (const [m, n, k] of [[5, 1100, 600], [70, 9, 1100]] as const) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      const A = randMat(m, k, 3 + m), B = randMat(k, n, 4 + n), C = randMat(m, n, 5);
      const want = naiveGemm(tA, tB, m, n, k, -1.25, A, B, 0.5, C);
      K.gemm(tA, tB, m, n, k, -1.25, A, B, 0.5, C);
      assert.ok(maxDiff(C, want) <= 1e-12, `${m}×${n}×${k} tA=${tA} tB=${tB}: ${maxDiff(C, want)}`);
    }
  }
});

test('syrk writes the full symmetric C for both orientations', () => {
  for (const [n, k] of [[1, 1], [17, 3], [64, 129], [130, 40]] as const) {
    for (const trans of [false, true]) {
      const A = randMat(n, k, n + k), C = randMat(n, n, 3);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) C[j * n + i] = C[i * n + j]!;
      const want = trans ? naiveGemm(true, false, n, n, k, 2, A, A, 0.5, C) : naiveGemm(false, true, n, n, k, 2, A, A, 0.5, C);
      K.syrk(trans, n, k, 2, A, 0.5, C);
      assert.ok(maxDiff(C, want) <= 1e-13 * k);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(C[i * n + j], C[j * n + i]);
    }
  }
});

test('axpy, scal and dot act on the first n entries only', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6]), y = Float64Array.from([1, 1, 1, 1, 1, 1]);
  K.axpy(5, 2, x, y);
  assert.deepEqual([...y], [3, 5, 7, 9, 11, 1]);
  K.scal(3, -1, y);
  assert.deepEqual([...y], [-3, -5, -7, 9, 11, 1]);
  assert.equal(K.dot(5, x, y), -3 - 10 - 21 + 36 + 55);
  assert.equal(K.dot(0, x, y), 0);
});

/** Symmetric test matrix with NaN in the strict upper triangle (syevd must read only the lower one). */
function lowerOnly(n: number, S: Float64Array): Float64Array {
  const A = S.slice();
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) A[i * n + j] = NaN;
  return A;
}

test('syevd: the tridiagonal (2, −1) matrix has eigenvalues 2 − 2cos(kπ/(n+1))', () => {
  for (const n of [1, 2, 10, 77, 150]) { // 150: the blocked reduction meets an already tridiagonal matrix
    const S = new Float64Array(n * n);
    for (let i = 0; i < n; i++) { S[i * n + i] = 2; if (i > 0) { S[i * n + i - 1] = -1; S[(i - 1) * n + i] = -1; } }
    const A = lowerOnly(n, S), w = new Float64Array(n);
    assert.equal(K.syevd(n, A, w), 0);
    for (let k = 1; k <= n; k++) assert.ok(Math.abs(w[k - 1]! - (2 - 2 * Math.cos(k * Math.PI / (n + 1)))) <= 1e-13, `n=${n} k=${k}`);
    assert.ok(orthoError(n, n, A) <= 1e-13);
  }
});

test('syevd: diagonal and rank-1 matrices', () => {
  const n = 6, d = [3, -1, 0, 7, 2, -5];
  const D = new Float64Array(n * n);
  d.forEach((v, i) => { D[i * n + i] = v; });
  const w = new Float64Array(n);
  assert.equal(K.syevd(n, lowerOnly(n, D), w), 0);
  assert.deepEqual([...w], [...d].sort((a, b) => a - b));
  // u·uᵀ: one eigenvalue ‖u‖² with eigenvector ±u/‖u‖, the rest 0 (m = 130: the blocked reduction).
  for (const m of [40, 130]) {
    const u = randMat(m, 1, 5);
    const R = mul(m, 1, m, u, u), A = lowerOnly(m, R), wr = new Float64Array(m);
    assert.equal(K.syevd(m, A, wr), 0);
    const nu = Math.sqrt(K.dot(m, u, u));
    assert.ok(Math.abs(wr[m - 1]! - nu * nu) <= 1e-13 * nu * nu);
    for (let i = 0; i < m - 1; i++) assert.ok(Math.abs(wr[i]!) <= 1e-14 * nu * nu);
    let c = 0;
    for (let i = 0; i < m; i++) c += A[i * m + m - 1]! * u[i]! / nu;
    assert.ok(Math.abs(Math.abs(c) - 1) <= 1e-13);
    assert.ok(orthoError(m, m, A) <= 1e-13);
  }
});

test('syevd: reconstruction and orthogonality on random symmetric matrices up to n = 300', () => {
  for (const n of [3, 17, 64, 129, 300]) {
    const X = randMat(n, n, 40 + n), S = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { const v = X[i * n + j]!; S[i * n + j] = v; S[j * n + i] = v; }
    const V = lowerOnly(n, S), w = new Float64Array(n);
    assert.equal(K.syevd(n, V, w), 0);
    for (let i = 1; i < n; i++) assert.ok(w[i - 1]! <= w[i]!);
    // The other Householder accumulation (blocked GEMM vs rank-1 updates) gives the same decomposition.
    const V2 = lowerOnly(n, S), w2 = new Float64Array(n);
    assert.equal(syevdWith(n < 96, n, V2, w2), 0);
    assert.ok(maxDiff(w2, w) <= 1e-13 * maxAbs(w));
    for (let j = 0; j < n; j++) {
      let dotj = 0;
      for (let i = 0; i < n; i++) dotj += V[i * n + j]! * V2[i * n + j]!;
      if (j > 0 && w[j]! - w[j - 1]! > 1e-6 && (j === n - 1 || w[j + 1]! - w[j]! > 1e-6)) assert.ok(Math.abs(Math.abs(dotj) - 1) <= 1e-9, `eigenvector ${j}`);
    }
    const VL = V.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) VL[i * n + j] = VL[i * n + j]! * w[j]!;
    const rec = mul(n, n, n, VL, transpose(n, n, V));
    const scale = maxAbs(w);
    assert.ok(maxDiff(rec, S) <= 1e-12 * scale, `n=${n} reconstruction ${maxDiff(rec, S) / scale}`);
    assert.ok(orthoError(n, n, V) <= 1e-12, `n=${n} orthogonality ${orthoError(n, n, V)}`);
  }
});

/** Runs gesdd and checks s descending, U/V orthonormality and A = U·Σ·Vᵀ; returns s. */
function checkSvd(job: 'A' | 'S', m: number, n: number, A0: Float64Array, tol = 1e-12): Float64Array {
  const p = Math.min(m, n), ucols = job === 'A' ? m : p, vrows = job === 'A' ? n : p;
  const s = new Float64Array(p), U = new Float64Array(m * ucols), VT = new Float64Array(vrows * n);
  assert.equal(K.gesdd(job, m, n, A0.slice(), s, U, VT), 0);
  for (let i = 1; i < p; i++) assert.ok(s[i - 1]! >= s[i]!, 'descending');
  assert.ok(orthoError(m, ucols, U) <= tol, `${job} ${m}×${n}: UᵀU ${orthoError(m, ucols, U)}`);
  assert.ok(orthoError(n, vrows, transpose(vrows, n, VT)) <= tol, `${job} ${m}×${n}: VVᵀ`);
  const US = new Float64Array(m * p);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) US[i * p + j] = U[i * ucols + j]! * s[j]!;
  const rec = mul(m, p, n, US, VT.subarray(0, p * n));
  const scale = Math.max(s[0] ?? 0, Number.MIN_VALUE);
  assert.ok(maxDiff(rec, A0) <= tol * scale, `${job} ${m}×${n}: reconstruction ${maxDiff(rec, A0) / scale}`);
  const sN = new Float64Array(p);
  assert.equal(K.gesdd('N', m, n, A0.slice(), sN, new Float64Array(0), new Float64Array(0)), 0);
  assert.ok(maxDiff(sN, s) <= 1e-13 * scale);
  return s;
}

test('gesdd: square, tall and wide random matrices, jobs A, S and N', () => {
  for (const [m, n] of [[1, 1], [1, 5], [5, 1], [3, 17], [17, 3], [64, 64], [129, 40], [40, 129], [150, 150]] as const) {
    for (const job of ['A', 'S'] as const) checkSvd(job, m, n, randMat(m, n, m * 1000 + n));
  }
});

test('gesdd: rank-deficient and zero matrices get complete orthonormal U and V', () => {
  for (const [m, n, r] of [[30, 20, 5], [20, 30, 5], [25, 25, 1], [12, 8, 0]] as const) {
    const A = mul(m, r, n, randMat(m, r, 11), randMat(r, n, 12));
    for (const job of ['A', 'S'] as const) {
      const s = checkSvd(job, m, n, A);
      for (let i = r; i < Math.min(m, n); i++) assert.ok(s[i]! <= 1e-14 * Math.max(1, s[0]!), `σ_${i} = ${s[i]}`);
    }
  }
});

test('gesdd: κ = 1e12 singular values match the constructed ones to 1e-10 of the largest', () => {
  for (const [m, n] of [[60, 40], [40, 60], [80, 80]] as const) {
    const p = Math.min(m, n), U = randOrthogonal(m, 21), V = randOrthogonal(n, 22);
    const sigma = Array.from({ length: p }, (_, i) => 10 ** (-12 * i / (p - 1)));
    const US = new Float64Array(m * p);
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) US[i * p + j] = U[i * m + j]! * sigma[j]!;
    const A = mul(m, p, n, US, V.subarray(0, p * n));
    const s = checkSvd('A', m, n, A);
    for (let i = 0; i < p; i++) assert.ok(Math.abs(s[i]! - sigma[i]!) <= 1e-10 * sigma[0]!, `σ_${i}`);
  }
});

function spd(n: number, seed: number): Float64Array {
  const X = randMat(n, n, seed), S = mul(n, n, n, transpose(n, n, X), X);
  for (let i = 0; i < n; i++) S[i * n + i] = S[i * n + i]! + n;
  return S;
}

test('potrf: L·Lᵀ reconstructs A, the strict upper triangle is zeroed, only the lower triangle is read', () => {
  for (const n of [1, 3, 17, 64, 129, 300]) {
    const S = spd(n, n), A = lowerOnly(n, S);
    assert.equal(K.potrf(n, A), 0);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(A[i * n + j], 0);
    const rec = mul(n, n, n, A, transpose(n, n, A));
    assert.ok(maxDiff(rec, S) <= 1e-13 * maxAbs(S), `n=${n}`);
    if (n > 100) { // the blocked path without WebAssembly gives the same factor
      const A2 = lowerOnly(n, S);
      assert.equal(potrfWith(false, n, A2), 0);
      assert.ok(maxDiff(A2, A) <= 1e-13 * Math.sqrt(maxAbs(S)));
    }
  }
});

test('potrf and posv report the first non-positive pivot column (1-based)', () => {
  const D = new Float64Array(16);
  [1, 2, -1, 4].forEach((v, i) => { D[i * 4 + i] = v; });
  assert.equal(K.potrf(4, D.slice()), 3);
  // Leading 2×2 block SPD, 3×3 not: [[1, 2, ·], [2, 5, ·], [3, 4, 1]] has Schur complement 1 − 9 − 4 < 0 at column 3.
  const A = Float64Array.from([1, 0, 0, 2, 5, 0, 3, 4, 1]);
  assert.equal(K.posv(3, 1, A, new Float64Array(3)), 3);
  for (const [n, bad] of [[50, 20], [250, 20], [250, 200]] as const) {
    const S = spd(n, 9);
    S[bad * n + bad] = -1e6;
    assert.equal(K.potrf(n, S.slice()), bad + 1);
    assert.equal(potrfWith(false, n, S.slice()), bad + 1);
  }
  assert.equal(K.potrf(1, Float64Array.from([0])), 1);
  assert.equal(K.potrf(1, Float64Array.from([NaN])), 1);
});

test('potri: the inverse from potrf\'s factor equals posv on the identity; a zero pivot gives its column', () => {
  for (const n of [1, 5, 40, 150]) {
    const S = spd(n, 30 + n), L = lowerOnly(n, S);
    assert.equal(K.potrf(n, L), 0);
    const inv = L.slice(), ref = new Float64Array(n * n);
    for (let i = 0; i < n; i++) ref[i * n + i] = 1;
    assert.equal(K.potri(n, inv), 0);
    assert.equal(K.posv(n, n, lowerOnly(n, S), ref), 0);
    assert.ok(maxDiff(inv, ref) <= 1e-13 * maxAbs(ref), `potri n=${n}: ${maxDiff(inv, ref)}`);
  }
  assert.equal(K.potri(3, Float64Array.from([1, 0, 0, 2, 3, 0, 4, 5, 0])), 3);
});

test('posv and gesv recover known solutions', () => {
  for (const [n, nrhs] of [[1, 1], [17, 3], [129, 1], [300, 5], [200, 150], [77, 9]] as const) {
    const X = randMat(n, nrhs, 77);
    const S = spd(n, 5 + n), B = mul(n, n, nrhs, S, X);
    const B1 = B.slice();
    assert.equal(K.posv(n, nrhs, lowerOnly(n, S), B1), 0);
    assert.ok(maxDiff(B1, X) <= 1e-12, `posv n=${n}`);
    const G = randMat(n, n, 6 + n);
    for (let i = 0; i < n; i++) G[i * n + i] = G[i * n + i]! + 3; // well conditioned, still needs pivoting
    const B2 = mul(n, n, nrhs, G, X);
    assert.equal(K.gesv(n, nrhs, G.slice(), B2), 0);
    assert.ok(maxDiff(B2, X) <= 1e-10, `gesv n=${n}: ${maxDiff(B2, X)}`);
  }
});

test('getrf: P·A = L·U with 0-based pivots, and info on singular input', () => {
  for (const n of [40, 200]) {
    const A0 = randMat(n, n, 31 + n), A = A0.slice(), ipiv = new Int32Array(n);
    assert.equal(K.getrf(n, A, ipiv), 0);
    const A2 = A0.slice(), ipiv2 = new Int32Array(n);
    assert.equal(getrfUnblocked(n, A2, ipiv2), 0);
    assert.deepEqual([...ipiv2], [...ipiv]); // blocked and unblocked pick the same pivots here
    assert.ok(maxDiff(A2, A) <= 1e-12);
    const L = new Float64Array(n * n), U = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (j < i) L[i * n + j] = A[i * n + j]!; else U[i * n + j] = A[i * n + j]!;
      if (i === j) L[i * n + i] = 1;
    }
    const PA = A0.slice();
    for (let j = 0; j < n; j++) {
      const p = ipiv[j]!;
      assert.ok(p >= j && p < n);
      for (let c = 0; c < n; c++) { const t = PA[j * n + c]!; PA[j * n + c] = PA[p * n + c]!; PA[p * n + c] = t; }
    }
    assert.ok(maxDiff(mul(n, n, n, L, U), PA) <= 1e-13 * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.ok(Math.abs(L[i * n + j]!) <= 1, 'partial pivoting bounds |L|');
  }
  const S = randMat(200, 200, 8);
  for (let i = 0; i < 200; i++) S[i * 200 + 150] = 0; // a zero column: U(150, 150) = 0 exactly
  assert.equal(K.getrf(200, S.slice(), new Int32Array(200)), 151);
  assert.equal(getrfUnblocked(200, S.slice(), new Int32Array(200)), 151);
  // [[1, 2], [2, 4]]: pivot 2, then U(1,1) = 2 − 0.5·4 = 0 → info 2.
  assert.equal(K.getrf(2, Float64Array.from([1, 2, 2, 4]), new Int32Array(2)), 2);
  assert.equal(K.gesv(3, 1, Float64Array.from([0, 1, 2, 0, 3, 4, 0, 5, 6]), new Float64Array(3)), 1);
  const Z = randMat(30, 30, 4);
  for (let i = 0; i < 30; i++) Z[i * 30 + 29] = Z[i * 30 + 3]! * 2; // columns 3 and 29 dependent
  assert.ok(K.getrf(30, Z, new Int32Array(30)) > 0 || Math.abs(Z[29 * 30 + 29]!) < 1e-12);
});

test('non-finite input makes syevd and gesdd return info > 0 promptly instead of iterating', () => {
  const n = 60, A = randMat(n, n, 3);
  A[5 * n + 2] = NaN;
  assert.ok(K.syevd(n, A.slice(), new Float64Array(n)) > 0);
  assert.ok(K.gesdd('S', n, n, A.slice(), new Float64Array(n), new Float64Array(n * n), new Float64Array(n * n)) > 0);
  A[5 * n + 2] = Infinity;
  assert.ok(K.gesdd('N', n, n, A.slice(), new Float64Array(n), new Float64Array(0), new Float64Array(0)) > 0);
});

test('zero matrices: eigenvalues and singular values 0 with identity-orthonormal vectors', () => {
  const n = 7, w = new Float64Array(n), Z = new Float64Array(n * n);
  assert.equal(K.syevd(n, Z, w), 0);
  assert.deepEqual([...w], new Array(n).fill(0));
  assert.ok(orthoError(n, n, Z) <= 1e-15);
  checkSvd('A', 9, 4, new Float64Array(36));
  checkSvd('A', 4, 9, new Float64Array(36));
});
