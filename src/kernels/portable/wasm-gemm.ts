/**
 * Loader and glue for the wasm SIMD128 float64 GEMM kernel (wasm/gemm.c, reference/numeric-engines.md §5.5).
 * The module is instantiated synchronously from the embedded base64 bytes, so it works in Node and in browsers
 * without a file system. The JS side owns the linear memory: it grows it to fit, copies the operands in and C out.
 * `wasmGemm` is null where WebAssembly or its SIMD proposal is unavailable; callers then use the TS kernel.
 */
import { GEMM_WASM_BASE64 } from './wasm/gemm-wasm.ts';

/** The slice of the WebAssembly JS API used here (the project's TS lib has no DOM/wasm typings). */
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
} | undefined;

interface GemmExports {
  memory: WasmMemory;
  __heap_base: { value: number };
  dgemm_work_doubles(): number;
  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, A: number, lda: number,
    B: number, ldb: number, beta: number, C: number, ldc: number, work: number): void;
}

/** Base64 → bytes without atob/Buffer, so the decoder is the same in every runtime. */
export function decodeBase64(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor(clean.length * 3 / 4));
  let bits = 0, acc = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | lookup[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 0xff; }
  }
  return out;
}

function instantiate(): GemmExports | null {
  if (typeof WebAssembly === 'undefined' || WebAssembly === undefined) return null;
  try {
    const bytes = decodeBase64(GEMM_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return null; // e.g. an engine without SIMD128
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as GemmExports;
  } catch {
    return null;
  }
}

/** wasm32 linear memory ends at 4 GiB (the module's declared maximum). */
const MAX_BYTES = 2 ** 32;

/** A growable region of the kernel's linear memory: byte offsets of a workspace followed by free space. */
export class WasmGemm {
  private readonly base: number;
  constructor(private readonly ex: GemmExports) {
    const heap = ex.__heap_base.value;
    this.base = Math.ceil(heap / 64) * 64 + ex.dgemm_work_doubles() * 8;
  }

  /**
   * Byte offset of a free region of `doubles` doubles (valid until the next call to `reserve`), or −1 when linear
   * memory cannot grow that far (wasm32's 4 GiB, or the engine refuses): callers then take their TS path.
   */
  reserve(doubles: number): number {
    const need = this.base + doubles * 8;
    const have = this.ex.memory.buffer.byteLength;
    if (need <= have) return this.base;
    if (need > MAX_BYTES) return -1;
    try {
      this.ex.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return -1;
    }
    return this.base;
  }

  /** A fresh Float64Array view of linear memory (views are detached whenever memory grows). */
  view(): Float64Array { return new Float64Array(this.ex.memory.buffer); }

  /** Raw call on operands already in linear memory (byte offsets, leading dimensions in elements). */
  call(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, pA: number, lda: number,
    pB: number, ldb: number, beta: number, pC: number, ldc: number): void {
    const work = Math.ceil((this.ex.__heap_base.value) / 64) * 64;
    this.ex.dgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, pA, lda, pB, ldb, beta, pC, ldc, work);
  }

  /** Kernels.gemm on JS arrays: copy A, B (and C when β ≠ 0) in, multiply, copy C out. False if memory is short. */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): boolean {
    const sa = m * k, sb = k * n, sc = m * n;
    const p = this.reserve(sa + sb + sc);
    if (p < 0) return false;
    const mem = this.view();
    const oa = p / 8, ob = oa + sa, oc = ob + sb;
    mem.set(A.subarray(0, sa), oa);
    mem.set(B.subarray(0, sb), ob);
    if (beta !== 0) mem.set(C.subarray(0, sc), oc);
    this.call(transA, transB, m, n, k, alpha, p, transA ? m : k, p + sa * 8, transB ? k : n, beta, p + (sa + sb) * 8, n);
    C.set(mem.subarray(oc, oc + sc));
    return true;
  }
}

const exportsOrNull = instantiate();
/** The wasm kernel, or null where WebAssembly SIMD128 is unavailable. */
export const wasmGemm: WasmGemm | null = exportsOrNull ? new WasmGemm(exportsOrNull) : null;
