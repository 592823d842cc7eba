/**
 * Node-only adapter: the portable wasm gemm on two threads. One worker_thread and this thread each instantiate the
 * shared-memory build of wasm/gemm.c over one `WebAssembly.Memory({ shared: true })`; C is cut into column (or row)
 * chunks that both threads take from an atomic counter, so a thread slowed by other processes simply takes fewer.
 * The call stays synchronous: this thread works too, then `Atomics.wait`s until the worker has left the job.
 * A chunk is an ordinary dgemm on a sub-block with the same k-blocking, so C is bit-identical to one thread's.
 * The worker starts on the first large product (that product and any until it is ready run on this thread), is
 * unref'd (it never keeps the process alive) and loads no TypeScript. Reached from gemm-threads.ts by a dynamic
 * import only under Node; the math core never imports this file.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread } from 'node:worker_threads';
import { GEMM_SHARED_WASM_BASE64 } from './wasm/gemm-shared-wasm.ts';
import { decodeBase64 } from './wasm-gemm.ts';
import type { ParallelGemm } from './gemm-threads.ts';

interface SharedMemory { readonly buffer: SharedArrayBuffer; grow(pages: number): number }
interface Exports {
  __heap_base: { value: number };
  dgemm_work_doubles(): number;
  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, A: number, lda: number,
    B: number, ldb: number, beta: number, C: number, ldc: number, work: number): void;
}
const Wasm = (globalThis as unknown as { WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
} }).WebAssembly;

// Control words (Int32Array over a SharedArrayBuffer): job generation, chunk counter, gate, worker ready/failed.
// The gate is 2g while job g is open, 2g+1 while the worker is inside it and −1 once closed: the worker enters only
// an open job (compare-exchange), so a worker that wakes late never touches a later job's counter or parameters.
const GEN = 0, NEXT = 1, GATE = 2, READY = 3, FAILED = 4;
// Job parameters (Float64Array after the 64 bytes of control words).
const P_WORDS = 16;

/**
 * Takes chunks of the current job until none is left. Shared verbatim by both threads (it is also the worker's
 * source text), so the cut is the same whichever thread runs a chunk.
 */
const RUN_CHUNKS = `function runChunks(ex, ctl, P, work) {
  const tA = P[0], tB = P[1], m = P[2], n = P[3], k = P[4], alpha = P[5], pA = P[6], lda = P[7], pB = P[8];
  const ldb = P[9], beta = P[10], pC = P[11], ldc = P[12], byCols = P[13], width = P[14], chunks = P[15];
  for (let c; (c = Atomics.add(ctl, ${NEXT}, 1)) < chunks;) {
    const s = c * width, w = Math.min(width, (byCols ? n : m) - s);
    if (byCols) ex.dgemm(tA, tB, m, w, k, alpha, pA, lda, pB + 8 * (tB ? s * ldb : s), ldb, beta, pC + 8 * s, ldc, work);
    else ex.dgemm(tA, tB, w, n, k, alpha, pA + 8 * (tA ? s : s * lda), lda, pB, ldb, beta, pC + 8 * s * ldc, ldc, work);
  }
}`;

const WORKER_SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
${RUN_CHUNKS}
const { module, memory, control, work } = workerData;
const ctl = new Int32Array(control, 0, 16), P = new Float64Array(control, 64, ${P_WORDS});
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
let seen = Atomics.load(ctl, ${GEN});
Atomics.store(ctl, ${READY}, 1);
for (;;) {
  Atomics.wait(ctl, ${GEN}, seen);
  seen = Atomics.load(ctl, ${GEN});
  if (Atomics.compareExchange(ctl, ${GATE}, 2 * seen, 2 * seen + 1) !== 2 * seen) continue;
  try { runChunks(ex, ctl, P, work); } catch (e) { Atomics.store(ctl, ${FAILED}, 1); }
  Atomics.store(ctl, ${GATE}, -1);
  Atomics.notify(ctl, ${GATE});
}`;

type RunChunks = (ex: Exports, ctl: Int32Array, P: Float64Array, work: number) => void;
const runChunks = new Function(`${RUN_CHUNKS}\nreturn runChunks;`)() as RunChunks;

/** Chunks of at least this many columns (rows) of C: re-packing op(A) (op(B)) per chunk then costs ≲ 1% of the flops. */
const MIN_CHUNK = 64;
/** At most this many chunks per product: enough to rebalance when one thread is slowed down. */
const MAX_CHUNKS = 8;
const MAX_BYTES = 2 ** 32;
/** `ready()` gives up after this long (a worker starts in ~0.1 s on an idle machine). */
const READY_TIMEOUT_MS = 30_000;

class TwoThreadGemm implements ParallelGemm {
  private readonly memory: SharedMemory;
  private readonly ex: Exports;
  private readonly module: object;
  private readonly ctl = new Int32Array(new SharedArrayBuffer(64 + 8 * P_WORDS), 0, 16);
  private readonly P = new Float64Array(this.ctl.buffer, 64, P_WORDS);
  private readonly work0: number;
  private readonly work1: number;
  private readonly base: number;
  private worker: Worker | null = null;
  private failed = false;
  private gen = 0;

  constructor() {
    this.module = new Wasm.Module(decodeBase64(GEMM_SHARED_WASM_BASE64));
    // 16 pages = the module's declared minimum (1 MiB); maximum = wasm32's 4 GiB (address space only).
    this.memory = new Wasm.Memory({ initial: 16, maximum: 65536, shared: true });
    this.ex = new Wasm.Instance(this.module, { env: { memory: this.memory } }).exports as Exports;
    const workBytes = Math.ceil(this.ex.dgemm_work_doubles() * 8 / 64) * 64;
    this.work0 = Math.ceil(this.ex.__heap_base.value / 64) * 64;
    this.work1 = this.work0 + workBytes;
    this.base = this.work1 + workBytes;
  }

  threads(): number { return this.workerReady() ? 2 : 1; }

  ready(): Promise<boolean> {
    this.start();
    const t0 = Date.now();
    return new Promise((resolve) => {
      const poll = () => {
        if (this.workerReady()) resolve(true);
        else if (this.worker === null || this.failed || Date.now() - t0 > READY_TIMEOUT_MS) resolve(false);
        else setTimeout(poll, 5);
      };
      poll();
    });
  }

  private workerReady(): boolean {
    return this.worker !== null && !this.failed && Atomics.load(this.ctl, READY) === 1;
  }

  private start(): void {
    if (this.worker !== null || this.failed) return;
    try {
      // execArgv: [] — the worker runs only the plain-JS source above, so it need not load tsx.
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true, execArgv: [],
        workerData: { module: this.module, memory: this.memory, control: this.ctl.buffer, work: this.work1 },
      });
      this.worker.unref();
      this.worker.on('error', () => { this.failed = true; });
      this.worker.on('exit', () => { this.failed = true; });
    } catch {
      this.failed = true;
    }
  }

  /** Byte offset of `doubles` free doubles after the two workspaces, growing memory as needed; −1 if it cannot. */
  private reserve(doubles: number): number {
    const need = this.base + doubles * 8, have = this.memory.buffer.byteLength;
    if (need <= have) return this.base;
    if (need > MAX_BYTES) return -1;
    try {
      this.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return -1;
    }
    return this.base;
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, A: Float64Array, B: Float64Array, beta: number, C: Float64Array): boolean {
    const sa = m * k, sb = k * n, sc = m * n;
    const p = this.reserve(sa + sb + sc);
    if (p < 0) return false;
    const mem = new Float64Array(this.memory.buffer);
    const oa = p / 8, ob = oa + sa, oc = ob + sb;
    mem.set(A.subarray(0, sa), oa);
    mem.set(B.subarray(0, sb), ob);
    if (beta !== 0) mem.set(C.subarray(0, sc), oc);
    const tA = transA ? 1 : 0, tB = transB ? 1 : 0, lda = transA ? m : k, ldb = transB ? k : n;
    const pA = p, pB = p + sa * 8, pC = p + (sa + sb) * 8;
    // Cut the longer side of C into chunks that are multiples of 8 (whole micro-tiles).
    const byCols = n >= m, dim = byCols ? n : m;
    const width = Math.max(MIN_CHUNK, Math.ceil(dim / MAX_CHUNKS / 8) * 8), chunks = Math.ceil(dim / width);
    this.start();
    if (chunks < 2 || !this.workerReady()) {
      this.ex.dgemm(tA, tB, m, n, k, alpha, pA, lda, pB, ldb, beta, pC, n, this.work0);
    } else {
      const ctl = this.ctl, g = this.gen = (this.gen % 0x3fffffff) + 1;
      this.P.set([tA, tB, m, n, k, alpha, pA, lda, pB, ldb, beta, pC, n, byCols ? 1 : 0, width, chunks]);
      Atomics.store(ctl, NEXT, 0);
      Atomics.store(ctl, GATE, 2 * g);
      Atomics.store(ctl, GEN, g);
      Atomics.notify(ctl, GEN);
      runChunks(this.ex, ctl, this.P, this.work0);
      if (Atomics.compareExchange(ctl, GATE, 2 * g, -1) !== 2 * g) {
        // The worker is inside the job: it leaves (gate −1) after finishing the chunks it took.
        while (Atomics.load(ctl, GATE) === 2 * g + 1) Atomics.wait(ctl, GATE, 2 * g + 1);
      }
      if (Atomics.load(ctl, FAILED) !== 0) {
        // The worker threw (it should not): stop using it and redo the whole product here, from the caller's C.
        this.failed = true;
        if (beta !== 0) mem.set(C.subarray(0, sc), oc);
        this.ex.dgemm(tA, tB, m, n, k, alpha, pA, lda, pB, ldb, beta, pC, n, this.work0);
      }
    }
    C.set(new Float64Array(this.memory.buffer, pC, sc));
    return true;
  }
}

/**
 * The two-thread gemm, or null on a machine with one CPU (a worker would only add overhead) and inside worker
 * threads (their pool already spreads the work over the CPUs; nesting would oversubscribe them).
 */
export function createParallelGemm(): ParallelGemm | null {
  return isMainThread && availableParallelism() >= 2 ? new TwoThreadGemm() : null;
}
