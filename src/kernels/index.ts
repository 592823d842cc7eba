/**
 * Backend selection for the kernel layer (DESIGN.md, reference/numeric-engines.md §4): the native addon
 * (OpenBLAS + LAPACKE) when it loads, else the portable TypeScript/wasm kernels. `LEARNSCOPE_BACKEND=native|portable`
 * forces one. This module stays importable in a browser: the Node-only adapter is reached through a dynamic
 * import with a variable specifier, so bundlers do not follow it and no `node:` module is imported statically.
 */
import { LearnscopeError } from '../errors.ts';
import type { BackendName, Kernels } from './types.ts';
import { portableKernels } from './portable/index.ts';
// Type-only (erased at runtime): the adapter itself is loaded below only under Node.
import type * as NativeAdapter from './native/load-node.ts';
import type { NativeKernels } from './native/load-node.ts';

export type { BackendName, Kernels } from './types.ts';
export type { NativeKernels } from './native/load-node.ts';
export { portableKernels };

/** LEARNSCOPE_BACKEND asked for the native backend (or an unknown one) and it cannot be provided. */
export class BackendUnavailableError extends LearnscopeError {}

export interface BackendInfo {
  /** The active backend (when `ok` is false: the one that was requested and is unavailable). */
  name: BackendName;
  /** Why this backend is active, in one sentence. */
  reason: string;
  /** False only when LEARNSCOPE_BACKEND forces something that cannot be provided; `kernels()` then throws. */
  ok: boolean;
  /** The value of LEARNSCOPE_BACKEND, when set. */
  requested?: string;
  /** Why the native addon did not load (absent when it loaded or was never tried). */
  nativeError?: string;
  /** Path of the native addon (loaded or expected). */
  nativePath?: string;
  /** OpenBLAS threads, when the native backend is loaded. */
  threads?: number;
  /** OpenBLAS kernel family for this CPU, when the native backend is loaded. */
  corename?: string;
}

const ENABLE_HINT = 'to enable it: apt-get install libopenblas-dev liblapacke-dev && npm run build:native';
const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
const requested: string | undefined = isNode ? (process.env['LEARNSCOPE_BACKEND'] || undefined) : undefined;

let adapter: typeof NativeAdapter | null = null;
let adapterError: string | undefined;
if (isNode) {
  // A variable specifier keeps bundlers (Vite) from pulling the Node-only adapter into a browser build.
  const spec = './native/load-node.ts';
  try {
    adapter = (await import(/* @vite-ignore */ spec)) as typeof NativeAdapter;
  } catch (e) {
    adapterError = `cannot import the native adapter: ${(e as Error).message}`;
  }
} else {
  adapterError = 'not running under Node (the native addon needs Node)';
}

let nativeCache: NativeKernels | null | undefined; // undefined = not tried yet
let nativeError: string | undefined = adapterError;

/** The native backend, loading it on first use; null when it is unavailable (see `backendInfo().nativeError`). */
export function nativeKernels(): NativeKernels | null {
  if (nativeCache !== undefined) return nativeCache;
  nativeCache = null;
  if (adapter) {
    try {
      nativeCache = adapter.loadNativeKernels();
      nativeError = undefined;
    } catch (e) {
      nativeError = (e as Error).message;
    }
  }
  return nativeCache;
}

function select(): { active: Kernels | null; info: BackendInfo } {
  const base = { ...(requested ? { requested } : {}), ...(adapter ? { nativePath: adapter.nativeAddonPath } : {}) };
  if (requested !== undefined && requested !== 'native' && requested !== 'portable') {
    return {
      active: null,
      info: { ...base, name: 'portable', ok: false,
        reason: `LEARNSCOPE_BACKEND=${requested} is not a backend; accepted: native, portable (or unset for automatic)` },
    };
  }
  if (requested === 'portable') {
    return { active: portableKernels, info: { ...base, name: 'portable', ok: true, reason: 'forced by LEARNSCOPE_BACKEND=portable' } };
  }
  const native = nativeKernels();
  if (native) {
    const { corename, threads } = native.info();
    const reason = requested === 'native' ? 'forced by LEARNSCOPE_BACKEND=native' : 'the native addon loaded (default when available)';
    return { active: native, info: { ...base, name: 'native', ok: true, reason, nativePath: native.path, threads, corename } };
  }
  if (requested === 'native') {
    return {
      active: null,
      info: { ...base, name: 'native', ok: false, nativeError: nativeError ?? 'unknown',
        reason: `LEARNSCOPE_BACKEND=native was requested but the native addon is unavailable (${nativeError}); ${ENABLE_HINT}` },
    };
  }
  return {
    active: portableKernels,
    info: { ...base, name: 'portable', ok: true, nativeError: nativeError ?? 'unknown',
      reason: `the native addon is unavailable, so the portable kernels are used; ${ENABLE_HINT}` },
  };
}

const selection = select();

/** The active kernel backend. Throws BackendUnavailableError when LEARNSCOPE_BACKEND forces one that cannot load. */
export function kernels(): Kernels {
  if (!selection.active) throw new BackendUnavailableError(selection.info.reason);
  return selection.active;
}

/**
 * A Float64Array of n entries for an output that the caller writes in full before reading: the active backend's
 * `alloc` (uninitialised memory on the native backend), or a zeroed array when no backend is active. Never throws
 * for a valid n, so ops that do not otherwise need kernels can use it.
 */
export function allocOutput(n: number): Float64Array {
  const k = selection.active;
  return k ? k.alloc(n) : new Float64Array(n);
}

/** Which backend is active and why; never throws (thread count is read live). */
export function backendInfo(): BackendInfo {
  const info = { ...selection.info };
  if (selection.active?.name === 'native') info.threads = (selection.active as NativeKernels).getThreads();
  return info;
}
