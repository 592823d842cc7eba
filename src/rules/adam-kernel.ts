/**
 * The wasm SIMD128 twin (wasm/adam.c) of the fused Adam update `Kernels.adamStep` (src/kernels/types.ts), for the
 * portable backend. Each large Adam state gets its own WebAssembly.Memory holding m, v (and v_max) plus scratch for
 * g, θ and δ; the state stays plain Float64Arrays (views of that memory). wasm has no fused multiply-add, so lanes
 * round exactly like the TypeScript loop (src/kernels/portable/adam.ts) and the native kernel: all bit-identical
 * (tested). Used from WASM_MIN_DIM entries where WebAssembly SIMD is available and the native backend is not active.
 */
import { ADAM_FLAGS } from '../kernels/types.ts';
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

const PAGE = 65536;
const OUT = 32; // wasm/adam.c: with APPLY, also write θ_new − θ_old into d

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
  /** Scratch for ∇L, θ and δ in wasm memory: a caller keeping ∇L in `g`, θ in `theta` and reading δ from `d` saves copies. */
  readonly g: Float64Array;
  readonly theta: Float64Array;
  readonly d: Float64Array;
  /**
   * `Kernels.adamStep(n, flags, coef, g, theta, m, v, vmax, out)` on this state: copies g and θ in (unless they
   * are `this.g` / `this.theta`), runs the kernel, copies θ back (APPLY) and δ or the change into `out` (unless it
   * is `this.d`).
   */
  step(flags: number, coef: Float64Array, g: Float64Array, theta: Float64Array, out: Float64Array | null): void;
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
    const apply = ADAM_FLAGS.APPLY, readTheta = ADAM_FLAGS.THETA | apply;
    const arena: AdamArena = {
      m, v, vmax, g, theta: th, d,
      step(flags, c, grad, theta, out) {
        if (grad !== g) g.set(grad);
        if (flags & readTheta && theta !== th) th.set(theta);
        const wantD = out !== null;
        ex.adam_step(g.byteOffset, th.byteOffset, m.byteOffset, v.byteOffset, vmax === null ? 0 : vmax.byteOffset,
          d.byteOffset, n, flags | (wantD ? OUT : 0), c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!);
        if (flags & apply && theta !== th) theta.set(th);
        if (wantD && out !== d) out.set(d);
      },
    };
    arenas.set(m, arena);
    return arena;
  } catch {
    return null; // e.g. the engine refuses a memory this large: the TS loop still works
  }
}
