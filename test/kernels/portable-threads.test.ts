// The portable gemm on two threads (src/kernels/portable/gemm-threads*.ts): C must be bit-identical to the
// one-thread wasm kernel for every transpose/α/β and for sizes around the chunk and cache-block boundaries, the
// blocked kernel must match a naive loop across those boundaries, and the worker must never keep a process alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { portableKernels as K } from '../../src/kernels/portable/index.ts';
import { PARALLEL_MIN_FLOPS, parallelGemm } from '../../src/kernels/portable/gemm-threads.ts';
import { wasmGemm } from '../../src/kernels/portable/wasm-gemm.ts';
import { naiveGemm } from './dense-ref.ts';

/** Deterministic uniform(−1, 1) fill (32-bit LCG), only for generating test inputs. */
function randMat(rows: number, cols: number, seed: number): Float64Array {
  let s = (seed * 2654435761) >>> 0;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = s / 2 ** 31 - 1; }
  return out;
}
const maxDiff = (x: Float64Array, y: Float64Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
/** Index of the first element that differs bit-for-bit (NaN ≠ NaN counts as differing), or −1. */
const firstDiff = (x: Float64Array, y: Float64Array) => x.findIndex((v, i) => !Object.is(v, y[i]));

test('under Node with 2+ CPUs the two-thread path exists and its worker starts', async () => {
  assert.ok(wasmGemm !== null, 'the wasm kernel loads on Node 20');
  assert.ok(parallelGemm !== null, 'parallelGemm is null: LEARNSCOPE_PORTABLE_THREADS=1 or a single CPU?');
  assert.equal(await parallelGemm.ready(), true, 'the gemm worker did not become ready');
  assert.equal(parallelGemm.threads(), 2, 'threads() after ready()');
});

test('two threads give bit-identical C to one thread: all transposes, α/β, odd sizes, chunk and block edges', async () => {
  assert.ok(parallelGemm !== null && wasmGemm !== null, 'both kernels present');
  assert.ok(await parallelGemm.ready(), 'worker ready');
  let seed = 1;
  // Column cuts (n ≥ m) and row cuts (m > n); chunk widths of 64 with a 2-wide remainder (130), one column short of
  // a chunk (127), k across KC = 512, m across MC = 64, n across NC = 1024, and a cut into 8 chunks of 136 (1081).
  const shapes = [[130, 130, 70], [127, 300, 33], [300, 127, 513], [65, 1025, 17], [1081, 63, 40], [200, 512, 512]] as const;
  for (const [m, n, k] of shapes) {
    for (const tA of [false, true]) for (const tB of [false, true]) for (const [alpha, beta] of [[1, 0], [-0.7, 0.3], [0.5, 1]] as const) {
      const A = randMat(m, k, seed++), B = randMat(k, n, seed++), C0 = randMat(m, n, seed++);
      const one = C0.slice(), two = C0.slice();
      if (beta === 0) { one.fill(NaN); two.fill(NaN); } // β = 0: C must not be read
      assert.ok(wasmGemm.gemm(tA, tB, m, n, k, alpha, A, B, beta, one), 'one-thread kernel ran');
      assert.ok(parallelGemm.gemm(tA, tB, m, n, k, alpha, A, B, beta, two), 'two-thread kernel ran');
      const where = `${m}×${n}×${k} tA=${tA} tB=${tB} α=${alpha} β=${beta}`;
      assert.equal(firstDiff(two, one), -1, `${where}: two threads differ from one`);
      if (tA === tB && alpha !== 1) {
        const want = naiveGemm(tA, tB, m, n, k, alpha, A, B, beta, C0);
        assert.ok(maxDiff(two, want) <= 1e-13 * k, `${where}: off the naive loop by ${maxDiff(two, want)}`);
      }
    }
  }
});

test('the blocked wasm kernel matches the naive loop across its cache blocks (KC = 512, MC = 64, NC = 1024)', () => {
  assert.ok(wasmGemm !== null, 'wasm kernel present');
  let seed = 500;
  for (const [m, n, k] of [[63, 1023, 511], [65, 1025, 513], [64, 1024, 1025], [129, 17, 1024]] as const) {
    for (const [tA, tB] of [[false, false], [true, true], [false, true]] as const) {
      const A = randMat(m, k, seed++), B = randMat(k, n, seed++), C = randMat(m, n, seed++);
      const want = naiveGemm(tA, tB, m, n, k, 1.25, A, B, -0.5, C);
      assert.ok(wasmGemm.gemm(tA, tB, m, n, k, 1.25, A, B, -0.5, C), 'kernel ran');
      assert.ok(maxDiff(C, want) <= 1e-13 * k, `${m}×${n}×${k} tA=${tA} tB=${tB}: ${maxDiff(C, want)}`);
    }
  }
});

test('portableKernels.gemm above the threshold (the two-thread path) equals one thread', async () => {
  assert.ok(parallelGemm !== null && wasmGemm !== null, 'both kernels present');
  assert.ok(await parallelGemm.ready(), 'worker ready');
  const m = 160, n = 192, k = 96;
  assert.ok(m * n * k >= PARALLEL_MIN_FLOPS, 'the shape is above the threshold');
  const A = randMat(k, m, 7), B = randMat(n, k, 8), C0 = randMat(m, n, 9);
  const one = C0.slice(), two = C0.slice();
  wasmGemm.gemm(true, true, m, n, k, 2, A, B, -1, one);
  K.gemm(true, true, m, n, k, 2, A, B, -1, two);
  assert.equal(firstDiff(two, one), -1, 'portable gemm differs from the one-thread kernel');
});

function runChild(code: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code],
    { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

test('a process that used the worker exits by itself; LEARNSCOPE_PORTABLE_THREADS=1 turns threads off', () => {
  const url = new URL('../../src/kernels/portable/gemm-threads.ts', import.meta.url).href;
  const code = `const { parallelGemm } = await import(${JSON.stringify(url)});
    if (parallelGemm === null) { console.log('threads 1'); } else {
      await parallelGemm.ready();
      const n = 200, A = new Float64Array(n * n).fill(1), C = new Float64Array(n * n);
      parallelGemm.gemm(false, false, n, n, n, 1, A, A, 0, C);
      console.log('threads', parallelGemm.threads(), C[0]);
    }`;
  const two = runChild(code, { LEARNSCOPE_PORTABLE_THREADS: '2' });
  assert.equal(two.error, undefined, `child did not exit by itself: ${two.error}`);
  assert.equal(two.status, 0, `child failed: ${two.stderr}`);
  assert.equal(two.stdout.trim(), 'threads 2 200', 'two threads, C = n everywhere');
  const one = runChild(code, { LEARNSCOPE_PORTABLE_THREADS: '1' });
  assert.equal(one.status, 0, `child failed: ${one.stderr}`);
  assert.equal(one.stdout.trim(), 'threads 1', 'LEARNSCOPE_PORTABLE_THREADS=1 gives no parallel gemm');
  const bad = runChild(code, { LEARNSCOPE_PORTABLE_THREADS: '3' });
  assert.notEqual(bad.status, 0, 'an unsupported thread count is refused');
  assert.match(bad.stderr, /LEARNSCOPE_PORTABLE_THREADS=3: expected 1 or 2/, 'the error names the variable and what is accepted');
});
