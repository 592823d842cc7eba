/**
 * The fused Adam update of adam.ts: the TypeScript loop `adamLoop` and its wasm SIMD128 twin (wasm/adam.c).
 * Each large Adam state gets its own WebAssembly.Memory holding m, v (and v_max) plus scratch for g, θ and δ;
 * the state stays plain Float64Arrays (views of that memory). wasm has no fused multiply-add, so lanes round
 * exactly like `adamLoop`: the two paths are bit-identical (tested). The wasm path is used from WASM_MIN_DIM
 * entries where WebAssembly SIMD is available.
 */
import { ADAM_WASM_BASE64 } from './wasm/adam-wasm.ts';

/** Below this size the TypeScript loop is as fast and needs no copies. */
export const WASM_MIN_DIM = 4096;

/** The slice of the WebAssembly JS API used here (the project's TS lib has no wasm typings). */
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
} | undefined;
interface AdamExports {
  __heap_base: { value: number };
  adam_step(g: number, th: number, m: number, v: number, vmax: number, d: number, n: number, flags: number,
    b1: number, c1: number, b2: number, c2: number, l2: number, neg: number, bc2: number, bc2s: number, eps: number, shrink: number): void;
}

export const FLAG_MAXIMIZE = 1, FLAG_AMSGRAD = 2, FLAG_INSIDE = 4, FLAG_THETA = 8;
const PAGE = 65536;

function base64Bytes(text: string): Uint8Array {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const body = text.replace(/=+$/, '');
  const bytes = new Uint8Array((body.length * 6) >> 3);
  for (let i = 0, bitPos = 0; i < body.length; i++, bitPos += 6) {
    const value = digits.indexOf(body[i]!), byte = bitPos >> 3, shift = bitPos & 7;
    // Each 6-bit digit lands in one byte or straddles two.
    if (shift <= 2) bytes[byte] = bytes[byte]! | (value << (2 - shift));
    else {
      bytes[byte] = bytes[byte]! | (value >> (shift - 2));
      if (byte + 1 < bytes.length) bytes[byte + 1] = (value << (10 - shift)) & 0xff;
    }
  }
  return bytes;
}

let compiled: object | null | undefined; // undefined: not tried yet
function adamModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = base64Bytes(ADAM_WASM_BASE64);
    compiled = WebAssembly !== undefined && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** The wasm-resident arrays of one Adam state and the call that updates them. */
export interface AdamArena {
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly vmax: Float64Array | null;
  /** Scratch for ∇L and δ in wasm memory: a caller writing ∇L into `g` and reading δ from `d` saves two copies. */
  readonly g: Float64Array;
  readonly d: Float64Array;
  /** Copies g (unless it is `this.g`) and θ (when FLAG_THETA) in, runs the fused update, returns the view `d`. */
  step(g: Float64Array, theta: Float64Array, flags: number, b1: number, c1: number, b2: number, c2: number, l2: number,
    neg: number, bc2: number, bc2s: number, eps: number, shrink: number): Float64Array;
}

const arenas = new WeakMap<Float64Array, AdamArena>();

/** The arena whose `m` is this array (so a state copied or restored elsewhere falls back to the TS loop). */
export function arenaOf(m: Float64Array): AdamArena | undefined {
  return arenas.get(m);
}

/** A wasm arena for an n-entry Adam state, or null (small n, no WebAssembly SIMD, or too large for wasm32). */
export function createAdamArena(n: number, amsgrad: boolean): AdamArena | null {
  if (n < WASM_MIN_DIM) return null;
  const mod = adamModule();
  if (mod === null || WebAssembly === undefined) return null;
  const count = amsgrad ? 6 : 5; // m, v, [v_max], g, θ, δ
  const bytes = 8 * n * count;
  if (bytes > 3.5 * 2 ** 30) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: 2 + Math.ceil(bytes / PAGE) + 1, maximum: 65536 });
    const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports as AdamExports;
    const base = (ex.__heap_base.value + 15) & ~15; // after the kernel's stack and data
    const need = Math.ceil((base + bytes) / PAGE) - memory.buffer.byteLength / PAGE;
    if (need > 0) memory.grow(need); // before any view exists, so none is detached
    const view = (k: number) => new Float64Array(memory.buffer, base + 8 * n * k, n);
    const m = view(0), v = view(1), vmax = amsgrad ? view(5) : null, g = view(2), th = view(3), d = view(4);
    const arena: AdamArena = {
      m, v, vmax, g, d,
      step(grad, theta, flags, b1, c1, b2, c2, l2, neg, bc2, bc2s, eps, shrink) {
        if (grad !== g) g.set(grad);
        if (flags & FLAG_THETA) th.set(theta);
        ex.adam_step(g.byteOffset, th.byteOffset, m.byteOffset, v.byteOffset, vmax === null ? 0 : vmax.byteOffset,
          d.byteOffset, n, flags, b1, c1, b2, c2, l2, neg, bc2, bc2s, eps, shrink);
        return d;
      },
    };
    arenas.set(m, arena);
    return arena;
  } catch {
    return null; // e.g. the engine refuses a memory this large: the TS loop still works
  }
}

// The fused loop lives in its own function so V8 optimises it whole instead of re-entering it by on-stack
// replacement on every call (a loop in `update` deoptimises at its exit each step, ~20× slower at 1e6 entries);
// plain Adam (the common case) gets a branch-free loop.
export function adamLoop(
  g: Float64Array, th: Float64Array, m: Float64Array, v: Float64Array, vmax: Float64Array | null, delta: Float64Array,
  b1: number, c1: number, b2: number, c2: number, l2: number, maximize: boolean, needTheta: boolean, inside: boolean,
  negStepSize: number, bc2: number, bc2Sqrt: number, eps: number, shrink: number,
): void {
  if (!needTheta && vmax === null && !inside && !maximize) {
    for (let i = 0; i < g.length; i++) {
      const d = g[i]!;
      const mi = m[i]! * b1 + c1 * d; // ema() and emaSquare() of common.ts, written out (measured 5–10× faster here)
      const vi = v[i]! * b2 + c2 * d * d;
      m[i] = mi;
      v[i] = vi;
      delta[i] = (negStepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
    }
    return;
  }
  for (let i = 0; i < g.length; i++) {
    const t = needTheta ? th[i]! : 0;
    const gi = maximize ? -g[i]! : g[i]!;
    const d = l2 !== 0 ? gi + l2 * t : gi; // effectiveGrad(), ema(), emaSquare() of common.ts, written out
    const mi = m[i]! * b1 + c1 * d;
    let vi = v[i]! * b2 + c2 * d * d;
    m[i] = mi;
    v[i] = vi;
    if (vmax !== null) vmax[i] = vi = Math.max(vmax[i]!, vi);
    const denom = inside ? Math.sqrt(vi / bc2 + eps) : Math.sqrt(vi) / bc2Sqrt + eps;
    delta[i] = (negStepSize * mi) / denom - shrink * t; // torch addcdiv_ rounds (value·m)/denom
  }
}
