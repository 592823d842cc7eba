/**
 * Node-only adapter for the native backend: loads our N-API addon (native/learnscope_native.c over OpenBLAS +
 * LAPACKE, built to build/Release/learnscope_native.node by `npm run build:native`) and exposes it as `Kernels`.
 * The math core never imports this file; `src/kernels/index.ts` reaches it through a dynamic import under Node.
 */
import { Buffer } from 'node:buffer';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Kernels } from '../types.ts';

/** What OpenBLAS reports about itself (kernel family chosen for this CPU, build flags, thread count). */
export interface NativeBuildInfo {
  corename: string;
  config: string;
  threads: number;
}

/** The native backend: the `Kernels` methods plus OpenBLAS thread control. */
export interface NativeKernels extends Kernels {
  readonly name: 'native';
  /** Absolute path of the loaded .node file. */
  readonly path: string;
  /** Sets the number of OpenBLAS threads (integer ≥ 1); results may differ in the last bits between counts. */
  setThreads(k: number): void;
  getThreads(): number;
  info(): NativeBuildInfo;
  /** True when loading fixed glibc's malloc thresholds (native/malloc_tune.c): opt-in, LEARNSCOPE_MALLOC_TUNE=1. */
  readonly mallocTuned: boolean;
}

type AddonExports = Omit<NativeKernels, 'name' | 'path' | 'alloc' | 'mallocTuned'> & {
  tuneMalloc?(mmapThreshold: number, trimThreshold: number): boolean;
};

/**
 * glibc thresholds set when the addon loads with LEARNSCOPE_MALLOC_TUNE=1: arrays up to 32 MB come from the heap,
 * and up to 256 MB of freed heap is kept instead of being returned to the kernel and page-faulted in again (why:
 * native/malloc_tune.c). Opt-in because it is process-wide and its measured effect was within the machine's noise
 * (gemm-1024 with a fresh C 0.84× → 0.93× NumPy in one A/B; a Langevin-ensemble slowdown seen once did not repeat).
 */
export const MALLOC_MMAP_THRESHOLD = 32 * 1024 * 1024;
export const MALLOC_TRIM_THRESHOLD = 256 * 1024 * 1024;

/** Below this many entries V8's zeroed allocation is as cheap as an uninitialised one. */
export const UNINIT_MIN_ENTRIES = 512;

/**
 * Kernels.alloc for Node: Buffer.allocUnsafeSlow is a plain malloc (no calloc zero-fill), in an ArrayBuffer of its
 * own (never Node's shared pool), freed by V8's GC like any other. At 8 MB the zero-fill and first-touch page faults
 * of a fresh calloc'd array cost 15 % of a 1024² gemm; at 256 KB the allocation costs as much as the op filling it.
 */
function allocUninit(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`alloc: argument n is ${n}; accepted: an integer >= 0`);
  if (n < UNINIT_MIN_ENTRIES) return new Float64Array(n);
  const b = Buffer.allocUnsafeSlow(n * 8);
  return new Float64Array(b.buffer, b.byteOffset, n);
}

const METHODS = ['gemm', 'syrk', 'axpy', 'scal', 'dot', 'syevd', 'gesdd', 'potrf', 'posv', 'potri', 'getrf', 'gesv',
  'setThreads', 'getThreads', 'info', 'adamStep', 'diagQuadratic', 'allFinite',
  'dots', 'combine', // native/multivec.c
] as const;

/** Where `npm run build:native` puts the addon (repo root/build/Release); LEARNSCOPE_NATIVE_ADDON overrides it. */
export const nativeAddonPath: string = process.env['LEARNSCOPE_NATIVE_ADDON']
  || fileURLToPath(new URL('../../../build/Release/learnscope_native.node', import.meta.url));

export function nativeAddonBuilt(path: string = nativeAddonPath): boolean {
  return existsSync(path);
}

/** Loads the addon; throws an Error saying why when it is missing, fails to link, or is stale. */
export function loadNativeKernels(path: string = nativeAddonPath): NativeKernels {
  if (!existsSync(path)) {
    throw new Error(`native addon not built (no ${path})`);
  }
  const addon = createRequire(import.meta.url)(path) as Partial<AddonExports>;
  const missing = METHODS.filter((m) => typeof addon[m] !== 'function');
  if (missing.length > 0) {
    throw new Error(`native addon at ${path} is stale (missing ${missing.join(', ')}); rebuild it with npm run build:native`);
  }
  const a = addon as AddonExports;
  const mallocTuned = process.env['LEARNSCOPE_MALLOC_TUNE'] === '1' && typeof a.tuneMalloc === 'function' &&
    a.tuneMalloc(MALLOC_MMAP_THRESHOLD, MALLOC_TRIM_THRESHOLD);
  // The N-API functions ignore `this`, so they are used unwrapped: no per-call overhead.
  return Object.freeze({
    name: 'native' as const,
    path,
    gemm: a.gemm, syrk: a.syrk, axpy: a.axpy, scal: a.scal, dot: a.dot,
    syevd: a.syevd, gesdd: a.gesdd, potrf: a.potrf, posv: a.posv, potri: a.potri, getrf: a.getrf, gesv: a.gesv,
    setThreads: a.setThreads, getThreads: a.getThreads, info: a.info,
    adamStep: a.adamStep, diagQuadratic: a.diagQuadratic, allFinite: a.allFinite,
    dots: a.dots, combine: a.combine,
    alloc: allocUninit,
    mallocTuned,
  });
}
