/**
 * Kernels.alloc (an output array with unspecified contents) on both backends, and the lower-triangle-only contract
 * of potrf/posv that linalg's private lower-triangle copies (checkSymmetric with lowerOnly) rely on: a strict upper
 * triangle full of NaN must not change the factor or the solution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendInfo, nativeKernels, portableKernels, type Kernels } from '../../src/kernels/index.ts';
import { createRequire } from 'node:module';
import { MALLOC_MMAP_THRESHOLD, MALLOC_TRIM_THRESHOLD, nativeAddonBuilt, UNINIT_MIN_ENTRIES } from '../../src/kernels/native/load-node.ts';
import { matmul } from '../../src/linalg/index.ts';
import { matmul as tensorMatmul } from '../../src/tensor/matmul.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { randomMatrix, seeded } from './dense-ref.ts';

const mustRun = nativeAddonBuilt() || process.env['LEARNSCOPE_BACKEND'] === 'native';
const backends = (): [string, Kernels][] => {
  const nk = nativeKernels();
  if (mustRun && !nk) assert.fail(`native addon unavailable: ${backendInfo().nativeError ?? 'unknown'}`);
  return nk ? [['native', nk], ['portable', portableKernels]] : [['portable', portableKernels]];
};

test('alloc: a Float64Array of n entries, not shared with any other live allocation', () => {
  for (const [name, k] of backends()) {
    for (const n of [0, 1, UNINIT_MIN_ENTRIES - 1, UNINIT_MIN_ENTRIES, 3 * UNINIT_MIN_ENTRIES + 7, 1 << 20]) {
      const xs = [k.alloc(n), k.alloc(n), k.alloc(n)];
      xs.forEach((x, j) => {
        assert.ok(x instanceof Float64Array, `${name} alloc(${n}) returns a Float64Array`);
        assert.equal(x.length, n, `${name} alloc(${n}).length`);
        assert.equal(x.byteOffset % 8, 0, `${name} alloc(${n}) is 8-byte aligned`);
        x.fill(j + 0.5);
      });
      xs.forEach((x, j) => assert.ok(x.every((v) => v === j + 0.5), `${name} alloc(${n}): allocation ${j} was overwritten by another`));
      assert.ok(xs[0]!.buffer !== xs[1]!.buffer, `${name} alloc(${n}): two allocations share an ArrayBuffer`);
    }
    for (const bad of [-1, 1.5, NaN]) assert.throws(() => k.alloc(bad), RangeError, `${name} alloc(${bad}) must throw a RangeError`);
  }
  // The portable backend has no uninitialised memory: its arrays are zero.
  assert.ok(portableKernels.alloc(1000).every((v) => v === 0), 'portable alloc is zeroed');
});

test('potrf and posv read only the lower triangle: NaN in the strict upper triangle changes nothing', () => {
  const rnd = seeded(71);
  for (const [name, k] of backends()) {
    for (const n of [1, 7, 60, 200]) {
      // A = XᵀX + n·I (SPD), then a copy with NaN above the diagonal
      const X = randomMatrix(rnd, n, n);
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = i === j ? n : 0;
          for (let r = 0; r < n; r++) s += X[r * n + i]! * X[r * n + j]!;
          A[i * n + j] = s;
        }
      }
      const dirty = A.slice();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dirty[i * n + j] = NaN;
      const L1 = A.slice(), L2 = dirty.slice();
      assert.equal(k.potrf(n, L1), 0, `${name} potrf n=${n} clean`);
      assert.equal(k.potrf(n, L2), 0, `${name} potrf n=${n} dirty`);
      assert.deepEqual(L2, L1, `${name} potrf n=${n}: the factor depends on the strict upper triangle`);
      const b = randomMatrix(rnd, n, 2);
      const x1 = b.slice(), x2 = b.slice();
      assert.equal(k.posv(n, 2, A.slice(), x1), 0, `${name} posv n=${n} clean`);
      assert.equal(k.posv(n, 2, dirty, x2), 0, `${name} posv n=${n} dirty`);
      assert.deepEqual(x2, x1, `${name} posv n=${n}: the solution depends on the strict upper triangle`);
    }
  }
});

test('matmul into an allocated (unzeroed) output: k = 0 gives zeros, and results match a naive product', () => {
  const m = 70, n = 90; // m·n above UNINIT_MIN_ENTRIES, so the native backend hands out uninitialised memory
  for (let rep = 0; rep < 3; rep++) {
    const z = matmul({ rows: m, cols: 0, data: new Float64Array(0) }, { rows: 0, cols: n, data: new Float64Array(0) });
    assert.ok(z.data.length === m * n && z.data.every((v) => v === 0), 'linalg.matmul with k = 0 is all zeros');
    const t = tensorMatmul(new Tensor(new Float64Array(0), [m, 0]), new Tensor(new Float64Array(0), [0, n]));
    assert.ok(t.data.length === m * n && t.data.every((v) => v === 0), 'tensor matmul with k = 0 is all zeros');
    const tb = tensorMatmul(new Tensor(new Float64Array(0), [2, m, 0]), new Tensor(new Float64Array(0), [2, 0, n]));
    assert.ok(tb.data.length === 2 * m * n && tb.data.every((v) => v === 0), 'batched tensor matmul with k = 0 is all zeros');
  }
  const rnd = seeded(5);
  const k = 13;
  const A = randomMatrix(rnd, m, k), B = randomMatrix(rnd, k, n);
  const C = matmul({ rows: m, cols: k, data: A }, { rows: k, cols: n, data: B });
  let err = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += A[i * k + r]! * B[r * n + j]!;
      err = Math.max(err, Math.abs(C.data[i * n + j]! - s));
    }
  }
  assert.ok(err < 1e-13, `linalg.matmul vs naive product: max error ${err}`);
});

test('native backend: loading it fixes glibc malloc thresholds only with LEARNSCOPE_MALLOC_TUNE=1; tuneMalloc checks its arguments', () => {
  const nk = nativeKernels();
  if (!nk) {
    assert.ok(!mustRun, `native addon unavailable: ${backendInfo().nativeError ?? 'unknown'}`);
    return;
  }
  const glibc = Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);
  const wanted = glibc && process.env['LEARNSCOPE_MALLOC_TUNE'] === '1';
  assert.equal(nk.mallocTuned, wanted, `mallocTuned is ${nk.mallocTuned}; expected ${wanted} (glibc: ${glibc})`);
  const addon = createRequire(import.meta.url)(nk.path) as { tuneMalloc(a: unknown, b: unknown): boolean };
  assert.throws(() => addon.tuneMalloc('1', 2), TypeError, 'tuneMalloc refuses a non-number');
  assert.throws(() => addon.tuneMalloc(64 * 1024 * 1024, 0), RangeError, 'tuneMalloc refuses an mmap threshold above 32 MB');
  assert.throws(() => addon.tuneMalloc(0, -1), RangeError, 'tuneMalloc refuses a negative trim threshold');
  // Setting the values already in force is a no-op that reports success on glibc.
  assert.equal(addon.tuneMalloc(MALLOC_MMAP_THRESHOLD, MALLOC_TRIM_THRESHOLD), glibc, 'tuneMalloc returns true on glibc');
});
