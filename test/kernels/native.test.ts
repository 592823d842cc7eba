/**
 * The native backend (N-API addon over OpenBLAS + LAPACKE) against hand-computed small cases and naive loops,
 * plus its argument checking. Skipped, with the reason, only when the addon has not been built; when the
 * build exists (or LEARNSCOPE_BACKEND=native) a load failure is a test failure.
 * Every assert.ok carries a message: without one, Node builds it by re-reading the source, which hung under tsx.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeKernels, nativeAddonBuilt, nativeAddonPath, type NativeKernels } from '../../src/kernels/native/load-node.ts';
import {
  fro, geometric, maxAbs, maxDiff, naiveGemm, orthogonalityError, randInt, randomMatrix, seeded, symmetrise,
  withEigenvalues, withSingularValues,
} from './dense-ref.ts';

const built = nativeAddonBuilt();
const forced = process.env['LEARNSCOPE_BACKEND'] === 'native';
let nk: NativeKernels | null = null;
let loadError = '';
if (built) {
  try { nk = loadNativeKernels(); } catch (e) { loadError = (e as Error).message; }
}
const skip = !built && !forced ? `native addon not built (${nativeAddonPath}); run npm run build:native` : false;

test('native addon loads when it is built (or forced)', { skip }, () => {
  assert.ok(nk, `native addon failed to load: ${loadError || 'not built'}`);
  assert.equal(nk.name, 'native');
});

/** Runs `fn` with the native kernels, or fails when they did not load (the load test explains why). */
function withNative(name: string, fn: (k: NativeKernels) => void): void {
  test(name, { skip }, () => {
    if (!nk) assert.fail(`native addon unavailable: ${loadError || 'not built'}`);
    fn(nk);
  });
}

const F = (...xs: number[]) => new Float64Array(xs);

withNative('gemm: hand-computed 2×3 · 3×2', (k) => {
  const C = new Float64Array(4);
  k.gemm(false, false, 2, 2, 3, 1, F(1, 2, 3, 4, 5, 6), F(1, 0, 0, 1, 1, 1), 0, C);
  assert.deepEqual([...C], [4, 5, 10, 11]);
  // Aᵀ·B with A stored 3×2 (the transpose of the matrix above), α = 2, β = −1 on C = [4,5,10,11].
  k.gemm(true, false, 2, 2, 3, 2, F(1, 4, 2, 5, 3, 6), F(1, 0, 0, 1, 1, 1), -1, C);
  assert.deepEqual([...C], [4, 5, 10, 11]);
});

withNative('gemm: all transpose combinations, α/β, sizes incl. 0 and 1, vs naive loops', (k) => {
  const rnd = seeded(11);
  const sizes = [[0, 3, 2], [3, 0, 2], [2, 3, 0], [1, 1, 1], [1, 7, 1], [5, 1, 9], [13, 17, 19], [33, 8, 65], [64, 64, 64]];
  for (const [m, n, kk] of sizes as [number, number, number][]) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      for (const [alpha, beta] of [[1, 0], [-0.5, 1], [2, -1.5], [0, 0.5]] as [number, number][]) {
        const A = randomMatrix(rnd, m, kk), B = randomMatrix(rnd, kk, n), C = randomMatrix(rnd, m, n);
        const ref = naiveGemm(tA, tB, m, n, kk, alpha, A, B, beta, C);
        k.gemm(tA, tB, m, n, kk, alpha, A, B, beta, C);
        assert.ok(maxDiff(C, ref) <= 1e-13 * Math.max(1, maxAbs(ref)), `gemm ${m}×${n}×${kk} tA=${tA} tB=${tB} α=${alpha} β=${beta}`);
      }
    }
  }
});

withNative('gemm: β = 0 does not read C (NaN in C is overwritten)', (k) => {
  const C = F(NaN, NaN, NaN, NaN);
  k.gemm(false, false, 2, 2, 1, 1, F(1, 2), F(3, 4), 0, C);
  assert.deepEqual([...C], [3, 4, 6, 8]);
  const D = F(NaN, Infinity);
  k.gemm(false, false, 1, 2, 0, 1, new Float64Array(0), new Float64Array(0), 0, D);
  assert.deepEqual([...D], [0, 0]);
});

withNative('syrk: both orientations, α/β, full symmetric output vs naive', (k) => {
  const rnd = seeded(12);
  for (const [n, kk] of [[1, 1], [3, 5], [7, 2], [20, 31], [4, 0]] as [number, number][]) {
    for (const trans of [false, true]) {
      const A = randomMatrix(rnd, n, kk);
      const C = randomMatrix(rnd, n, n);
      symmetrise(n, C);
      const ref = trans
        ? naiveGemm(true, false, n, n, kk, 0.7, A, A, 0.3, C)
        : naiveGemm(false, true, n, n, kk, 0.7, A, A, 0.3, C);
      k.syrk(trans, n, kk, 0.7, A, 0.3, C);
      assert.ok(maxDiff(C, ref) <= 1e-13 * Math.max(1, maxAbs(ref)), `syrk n=${n} k=${kk} trans=${trans}`);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(C[i * n + j], C[j * n + i]);
    }
  }
});

withNative('axpy, scal, dot: hand-computed, only the first n entries', (k) => {
  const y = F(1, 1, 1, 1);
  k.axpy(3, 2, F(1, 2, 3, 4), y);
  assert.deepEqual([...y], [3, 5, 7, 1]);
  k.scal(2, -1, y);
  assert.deepEqual([...y], [-3, -5, 7, 1]);
  assert.equal(k.dot(3, F(1, 2, 3, 100), F(4, 5, 6, 100)), 32);
  assert.equal(k.dot(0, new Float64Array(0), new Float64Array(0)), 0);
});

withNative('syevd: [[2,1],[1,2]] → 1, 3 with (1,−1)/√2, (1,1)/√2; upper triangle ignored', (k) => {
  const A = F(2, 999, 1, 2), w = new Float64Array(2);
  assert.equal(k.syevd(2, A, w), 0);
  assert.ok(maxDiff(w, [1, 3]) < 1e-15, `eigenvalues ${w}`);
  const s = Math.SQRT1_2;
  // Columns are eigenvectors up to sign: compare |V|, and check that column 0 has opposite-sign entries.
  assert.ok(maxDiff(A.map(Math.abs), [s, s, s, s]) < 1e-15, `|V| = ${A.map(Math.abs)}`);
  assert.ok(A[0]! * A[2]! < 0 && A[1]! * A[3]! > 0, `eigenvector signs in V = ${A}`);
});

withNative('syevd: random symmetric, rank-deficient and ill-conditioned: A = VΛVᵀ, VᵀV = I, known spectrum', (k) => {
  const rnd = seeded(13);
  for (const n of [1, 3, 10, 40]) {
    const lambda = geometric(n, 1e12).map((x, i) => (i % 2 ? -x : x));
    if (n > 3) lambda[1] = 0; // rank-deficient
    const A0 = withEigenvalues(rnd, n, lambda), A = A0.slice(), w = new Float64Array(n);
    assert.equal(k.syevd(n, A, w), 0);
    const sorted = [...lambda].sort((a, b) => a - b);
    assert.ok(maxDiff(w, sorted) <= 1e-13 * maxAbs(sorted), `eigenvalues n=${n}`);
    const VL = A.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) VL[i * n + j] = A[i * n + j]! * w[j]!;
    const R = naiveGemm(false, true, n, n, n, 1, VL, A, 0, new Float64Array(0));
    assert.ok(maxDiff(R, A0) <= 1e-13 * fro(A0), `reconstruction n=${n}`);
    assert.ok(orthogonalityError(n, n, A) <= 1e-13, `orthogonality n=${n}`);
  }
});

withNative('gesdd: [[3,0],[4,5]] has singular values 3√5, √5', (k) => {
  const s = new Float64Array(2);
  assert.equal(k.gesdd('N', 2, 2, F(3, 0, 4, 5), s, new Float64Array(0), new Float64Array(0)), 0);
  assert.ok(maxDiff(s, [3 * Math.sqrt(5), Math.sqrt(5)]) < 1e-14, `singular values ${s}`);
});

withNative('gesdd: jobs A/S/N on tall, wide and square inputs: A = UΣVᵀ, orthogonality, known σ', (k) => {
  const rnd = seeded(14);
  for (const [m, n] of [[1, 1], [1, 5], [6, 1], [9, 4], [4, 9], [12, 12]] as [number, number][]) {
    const p = Math.min(m, n);
    const sigma = geometric(p, 1e12);
    const A0 = withSingularValues(rnd, m, n, sigma);
    for (const job of ['A', 'S', 'N'] as const) {
      const ucols = job === 'A' ? m : p, vrows = job === 'A' ? n : p;
      const s = new Float64Array(p), U = new Float64Array(job === 'N' ? 0 : m * ucols), VT = new Float64Array(job === 'N' ? 0 : vrows * n);
      assert.equal(k.gesdd(job, m, n, A0.slice(), s, U, VT), 0);
      assert.ok(maxDiff(s, sigma) <= 1e-14, `σ ${m}×${n} job ${job}`);
      if (job === 'N') continue;
      // U(:, :p)·diag(s)·VT(:p, :)
      const Us = new Float64Array(m * p), Vp = VT.subarray(0, p * n);
      for (let i = 0; i < m; i++) for (let q = 0; q < p; q++) Us[i * p + q] = U[i * ucols + q]! * s[q]!;
      const R = naiveGemm(false, false, m, n, p, 1, Us, Vp, 0, new Float64Array(0));
      assert.ok(maxDiff(R, A0) <= 1e-14 * Math.max(1, fro(A0)), `reconstruction ${m}×${n} job ${job}`);
      assert.ok(orthogonalityError(m, ucols, U) <= 1e-13, `UᵀU = I ${m}×${n} job ${job}`);
      const V = naiveGemm(true, false, n, vrows, vrows, 1, VT, eye(vrows), 0, new Float64Array(0));
      assert.ok(orthogonalityError(n, vrows, V) <= 1e-13, `VᵀV = I ${m}×${n} job ${job}`);
    }
  }
});

function eye(n: number): Float64Array {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

withNative('gesdd: empty dimension gives identity factors for job A', (k) => {
  const U = new Float64Array(0), VT = F(5, 5, 5, 5);
  assert.equal(k.gesdd('A', 0, 2, new Float64Array(0), new Float64Array(0), U, VT), 0);
  assert.deepEqual([...VT], [1, 0, 0, 1]);
});

withNative('potrf: [[4,2],[2,3]] → L = [[2,0],[1,√2]], strict upper zeroed; not SPD → 1-based column', (k) => {
  const A = F(4, 77, 2, 3);
  assert.equal(k.potrf(2, A), 0);
  assert.ok(maxDiff(A, [2, 0, 1, Math.SQRT2]) < 1e-15, `L = ${A}`);
  assert.equal(A[1], 0);
  assert.equal(k.potrf(2, F(1, 2, 2, 1)), 2);
  assert.equal(k.potrf(3, F(-1, 0, 0, 0, 1, 0, 0, 0, 1)), 1);
});

withNative('posv: SPD solve against a known solution, several right-hand sides', (k) => {
  const rnd = seeded(15);
  const n = 25, nrhs = 3;
  const M = randomMatrix(rnd, n, n);
  const A0 = naiveGemm(false, true, n, n, n, 1, M, M, 0, new Float64Array(0));
  for (let i = 0; i < n; i++) A0[i * n + i] = A0[i * n + i]! + n;
  symmetrise(n, A0);
  const X = randomMatrix(rnd, n, nrhs);
  const B = naiveGemm(false, false, n, nrhs, n, 1, A0, X, 0, new Float64Array(0));
  const A = A0.slice();
  assert.equal(k.posv(n, nrhs, A, B), 0);
  assert.ok(maxDiff(B, X) < 1e-13, `posv error ${maxDiff(B, X)}`);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(A[i * n + j], 0);
  assert.equal(k.posv(2, 1, F(1, 2, 2, 1), F(1, 1)), 2);
});

withNative('potri: [[4,2],[2,3]]⁻¹ = [[3,−2],[−2,4]]/8 in full from potrf\'s L; zero pivot → 1-based column', (k) => {
  const A = F(4, 2, 2, 3);
  assert.equal(k.potrf(2, A), 0);
  assert.equal(k.potri(2, A), 0);
  assert.ok(maxDiff(A, [3 / 8, -2 / 8, -2 / 8, 4 / 8]) < 1e-15, `inverse = ${A}`);
  assert.equal(k.potri(2, F(1, 0, 5, 0)), 2);
  assert.equal(k.potri(0, new Float64Array(0)), 0);
});

withNative('getrf: hand-computed pivots (0-based) and factors; singular → info', (k) => {
  const A = F(1, 2, 3, 4), ipiv = new Int32Array(2);
  assert.equal(k.getrf(2, A, ipiv), 0);
  assert.deepEqual([...ipiv], [1, 1]);
  assert.ok(maxDiff(A, [3, 4, 1 / 3, 2 - 4 / 3]) < 1e-15, `LU = ${A}`);
  const P = F(0, 1, 1, 0);
  assert.equal(k.getrf(2, P, ipiv), 0);
  assert.deepEqual([...ipiv], [1, 1]);
  assert.deepEqual([...P], [1, 0, 0, 1]);
  assert.equal(k.getrf(2, F(1, 2, 2, 4), ipiv), 2);
});

withNative('gesv: random systems, residual and known solution', (k) => {
  const rnd = seeded(16);
  for (const [n, nrhs] of [[1, 1], [5, 2], [30, 4]] as [number, number][]) {
    const A0 = randomMatrix(rnd, n, n);
    for (let i = 0; i < n; i++) A0[i * n + i] = A0[i * n + i]! + 3; // keep it well conditioned
    const X = randomMatrix(rnd, n, nrhs);
    const B = naiveGemm(false, false, n, nrhs, n, 1, A0, X, 0, new Float64Array(0));
    assert.equal(k.gesv(n, nrhs, A0.slice(), B), 0);
    assert.ok(maxDiff(B, X) < 1e-12, `gesv n=${n}`);
  }
  assert.ok(k.gesv(2, 1, F(1, 2, 2, 4), F(1, 1)) > 0, 'gesv reports a singular matrix');
});

withNative('threads: setThreads/getThreads round-trip; info names the OpenBLAS core', (k) => {
  const before = k.getThreads();
  k.setThreads(1);
  assert.equal(k.getThreads(), 1);
  k.setThreads(before);
  assert.equal(k.getThreads(), before);
  assert.match(k.info().config, /OpenBLAS/);
  assert.throws(() => k.setThreads(0), RangeError);
});

withNative('bad arguments throw TypeError/RangeError naming the argument (no memory access)', (k) => {
  const A = new Float64Array(6), C = new Float64Array(4);
  const call = (fn: () => unknown) => fn as () => void;
  const bad = k as unknown as Record<string, (...args: unknown[]) => unknown>;
  assert.throws(call(() => k.gemm(false, false, 2, 2, 3, 1, A, A, 0, new Float64Array(3))), { name: 'RangeError', message: /gemm: argument C has 3 entries but at least 4/ });
  assert.throws(call(() => k.gemm(false, false, 2, 2, 4, 1, A, new Float64Array(8), 0, C)), { name: 'RangeError', message: /argument A/ });
  assert.throws(call(() => bad['gemm']!(1, false, 2, 2, 3, 1, A, A, 0, C)), { name: 'TypeError', message: /transA must be a boolean/ });
  assert.throws(call(() => bad['gemm']!(false, false, 2, 2, 3, 1, new Float32Array(6), A, 0, C)), { name: 'TypeError', message: /argument A must be a Float64Array/ });
  assert.throws(call(() => bad['gemm']!(false, false, '2', 2, 3, 1, A, A, 0, C)), { name: 'TypeError', message: /argument m must be a number/ });
  assert.throws(call(() => k.axpy(-1, 1, A, A)), { name: 'RangeError', message: /axpy: argument n is -1/ });
  assert.throws(call(() => k.axpy(1.5, 1, A, A)), { name: 'RangeError', message: /argument n is 1.5/ });
  assert.throws(call(() => k.axpy(7, 1, A, A)), { name: 'RangeError', message: /argument x/ });
  assert.throws(call(() => k.dot(2, A, [1, 2] as unknown as Float64Array)), { name: 'TypeError', message: /dot: argument y/ });
  assert.throws(call(() => k.syevd(3, A, new Float64Array(3))), { name: 'RangeError', message: /syevd: argument A/ });
  assert.throws(call(() => k.syevd(2, C, new Float64Array(1))), { name: 'RangeError', message: /syevd: argument w/ });
  assert.throws(call(() => bad['gesdd']!('X', 2, 2, C, C, C, C)), { name: 'TypeError', message: /gesdd: argument job/ });
  assert.throws(call(() => k.gesdd('A', 2, 3, A, new Float64Array(2), new Float64Array(4), new Float64Array(8))), { name: 'RangeError', message: /argument VT/ });
  assert.throws(call(() => k.gesdd('S', 3, 2, A, new Float64Array(2), new Float64Array(5), new Float64Array(4))), { name: 'RangeError', message: /argument U/ });
  assert.throws(call(() => bad['getrf']!(2, C, new Float64Array(2))), { name: 'TypeError', message: /ipiv must be an Int32Array/ });
  assert.throws(call(() => k.getrf(2, C, new Int32Array(1))), { name: 'RangeError', message: /ipiv/ });
  assert.throws(call(() => k.posv(2, 2, C, new Float64Array(3))), { name: 'RangeError', message: /posv: argument B/ });
  assert.throws(call(() => k.gesv(2, 1, new Float64Array(3), F(1, 1))), { name: 'RangeError', message: /gesv: argument A/ });
  assert.throws(call(() => bad['potrf']!(2)), { name: 'TypeError', message: /potrf: expected 2 arguments/ });
  assert.throws(call(() => k.gemm(false, false, 2 ** 31, 1, 1, 1, A, A, 0, C)), { name: 'RangeError', message: /argument m/ });
});

withNative('random sizes: gemm with larger shapes stays within 1e-13 of the naive loop', (k) => {
  const rnd = seeded(17);
  for (let t = 0; t < 6; t++) {
    const m = randInt(rnd, 1, 90), n = randInt(rnd, 1, 90), kk = randInt(rnd, 1, 90);
    const tA = rnd() < 0.5, tB = rnd() < 0.5;
    const A = randomMatrix(rnd, m, kk), B = randomMatrix(rnd, kk, n), C = randomMatrix(rnd, m, n);
    const ref = naiveGemm(tA, tB, m, n, kk, 1.25, A, B, 0.5, C);
    k.gemm(tA, tB, m, n, kk, 1.25, A, B, 0.5, C);
    assert.ok(maxDiff(C, ref) <= 1e-13 * maxAbs(ref), `gemm ${m}×${n}×${kk} tA=${tA} tB=${tB}`);
  }
});
