/**
 * The portable gemm's second thread, when there is one. Under Node (with WebAssembly SIMD and ≥ 2 CPUs) this loads
 * the Node-only adapter `gemm-threads-node.ts` through a dynamic import with a variable specifier (the pattern of
 * src/kernels/index.ts), so this folder stays browser-safe. In a browser, inside worker threads (their pools already
 * use the CPUs) or with LEARNSCOPE_PORTABLE_THREADS=1, `parallelGemm` is null and gemm runs on the calling thread.
 * Threads change only the wall time: every element of C gets the same operations in the same order as with the
 * one-thread kernel (bit-identical results).
 */
import { LearnscopeError } from '../../errors.ts';
import { wasmGemm } from './wasm-gemm.ts';
import type * as ThreadsAdapter from './gemm-threads-node.ts';

/** A gemm that may split C between this thread and a worker; false when it did not run (the caller falls back). */
export interface ParallelGemm {
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): boolean;
  /** Threads in use: 2 once the worker has started, 1 before (or when it could not start). */
  threads(): number;
  /** Starts the worker if needed and resolves once it is ready (true) or could not start (false). For tests and benches. */
  ready(): Promise<boolean>;
}

/** Below this many multiply-adds (128³) waking the worker and re-packing per chunk costs more than it saves. */
export const PARALLEL_MIN_FLOPS = 128 * 128 * 128;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** LEARNSCOPE_PORTABLE_THREADS: 1 (this thread only) or 2 (the default where there are 2 or more CPUs). */
function requestedThreads(): number {
  const v = isNode ? process.env['LEARNSCOPE_PORTABLE_THREADS'] : undefined;
  if (v === undefined || v === '') return 2;
  if (v === '1' || v === '2') return Number(v);
  throw new LearnscopeError(`LEARNSCOPE_PORTABLE_THREADS=${v}: expected 1 or 2`);
}

let loaded: ParallelGemm | null = null;
if (isNode && wasmGemm !== null && requestedThreads() > 1) {
  const spec = './gemm-threads-node.ts';
  try {
    loaded = ((await import(/* @vite-ignore */ spec)) as typeof ThreadsAdapter).createParallelGemm();
  } catch {
    loaded = null; // no worker_threads or no shared WebAssembly memory: one thread
  }
}

/** The two-thread gemm, or null (browser, one CPU, LEARNSCOPE_PORTABLE_THREADS=1, no shared memory). */
export const parallelGemm: ParallelGemm | null = loaded;
