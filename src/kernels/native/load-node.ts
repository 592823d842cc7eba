/**
 * Node-only adapter for the native backend: loads our N-API addon (native/learnscope_native.c over OpenBLAS +
 * LAPACKE, built to build/Release/learnscope_native.node by `npm run build:native`) and exposes it as `Kernels`.
 * The math core never imports this file; `src/kernels/index.ts` reaches it through a dynamic import under Node.
 */
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
}

type AddonExports = Omit<NativeKernels, 'name' | 'path'>;

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
  // The N-API functions ignore `this`, so they are used unwrapped: no per-call overhead.
  return Object.freeze({
    name: 'native' as const,
    path,
    gemm: a.gemm, syrk: a.syrk, axpy: a.axpy, scal: a.scal, dot: a.dot,
    syevd: a.syevd, gesdd: a.gesdd, potrf: a.potrf, posv: a.posv, potri: a.potri, getrf: a.getrf, gesv: a.gesv,
    setThreads: a.setThreads, getThreads: a.getThreads, info: a.info,
    adamStep: a.adamStep, diagQuadratic: a.diagQuadratic, allFinite: a.allFinite,
    dots: a.dots, combine: a.combine,
  });
}
