// geometry-step-1e6: per-step geometry of a learning rule (arXiv 2409.16422) on D = 10⁶ — ψ, κ_min, α*, M_opt·v and
// M_opt⁻¹·w — through `geometryStep` (src/geometry/step.ts), the library call, whose two passes are the streaming
// kernels `dots` (all dot products of y, g with y, g, v, w) and `combine` (both outputs + ‖y − t g‖²) of the active
// backend (native: native/multivec.c; portable: src/kernels/portable/multivec.ts). Peer: the same computation in NumPy
// (bench/peers/geometry_step.py; its fastest form: a GEMM for the dots, a GEMM for the outputs and y − t g, a ddot).
// Threads: both sides use the machine's 2 cores — the peer with OpenBLAS's default threads (its GEMMs on the (4, D)
// stack run on both cores), our kernels on 2 threads from n = 2¹⁸ as OpenBLAS's thread setting says (setThreads).
// One core against one core (OPENBLAS_NUM_THREADS=1 for both; numbers from the previous header, commit 357d652):
// ours 8.8 ms CPU/step (~93% of 1-thread memcpy bandwidth), NumPy ~15.6 ms: 1.75×.
// Both sides time only the step (inputs and outputs are built once, outside the timed region) and report GB/s of the
// same nominal traffic (read y, g, v, w and write two vectors once = 48 B per entry), so the ratio is the time ratio.
// Actual traffic: ours 80 B/entry (pass 1 reads 4 vectors; pass 2 reads 4 and writes 2 with non-temporal stores, so
// no read-for-ownership), the minimum for two passes when the vectors do not fit in cache (pass 2's coefficients need
// every sum of pass 1); NumPy's ≈ 96 (+ 24 of read-for-ownership: its second GEMM also writes the y − t g row, which a
// ddot then reads). The machine's bandwidth (1-thread memcpy of 32 MB; and a scalar JS triad for comparison) is
// measured in the same run and printed on stderr beside the achieved fraction (with 2 threads it can pass 100%: two
// cores draw more than one memcpy does). Target ≥ 2× NumPy.
import { geometryStep } from '../../src/geometry/step.ts';
import { nativeKernels } from '../../src/kernels/index.ts';
import { filled, type BenchContext, type Workload } from '../workload.ts';

const DIM = 1_000_000;
const BYTES_PER_STEP = 48 * DIM;
const stepsFor = (quick: boolean) => (quick ? 3 : 10);

/** One triad a = b + s·c (a top-level function, so V8 compiles it once, not a fresh closure per measurement). */
function triad(a: Float64Array, b: Float64Array, c: Float64Array, s: number): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = b[i]! + s * c[i]!;
}

let bwArrays: [Float64Array, Float64Array, Float64Array] | undefined;
/**
 * STREAM-style bandwidths in GB/s on 32 MB arrays (no write-allocate counted): `copy` is memcpy (a.set(b), 16 B per
 * entry), the machine's bandwidth; `triad` is a scalar JS loop (24 B per entry), which on this machine is CPU-bound
 * at about half of copy — so it is not the bandwidth, only what one scalar JS stream reaches.
 */
function bandwidths(ctx: BenchContext): { copy: number; triad: number } {
  const n = 4_000_000;
  bwArrays ??= [new Float64Array(n), filled(n, 11), filled(n, 12)];
  const [a, b, c] = bwArrays;
  const copyMs = ctx.timeMs(() => a.set(b));
  const triadMs = ctx.timeMs(() => triad(a, b, c, 1.5));
  return { copy: 16 * n / (copyMs * 1e6), triad: 24 * n / (triadMs * 1e6) };
}

let lastQuick = false;
let inputs: { y: Float64Array; g: Float64Array; v: Float64Array; w: Float64Array; outA: Float64Array; outS: Float64Array } | undefined;

function run(ctx: BenchContext): number {
  lastQuick = ctx.quick;
  // inputs and outputs are built once, outside every timed region (rounds reuse them)
  if (inputs === undefined) {
    const g = filled(DIM, 1), noise = filled(DIM, 2);
    const y = g.map((x, i) => x + 0.5 * noise[i]!); // an effective pair (ψ ≈ 30°), like the peer's
    inputs = { y, g, v: filled(DIM, 3), w: filled(DIM, 4), outA: new Float64Array(DIM), outS: new Float64Array(DIM) };
  }
  const { y, g, v, w, outA, outS } = inputs;
  const steps = stepsFor(ctx.quick);
  let sink = 0;
  const ms = ctx.timeMs(() => {
    for (let k = 0; k < steps; k++) sink += geometryStep(y, g, v, w, outA, outS).kappaMin;
  }) / steps;
  if (!Number.isFinite(sink)) throw new Error('geometry-step: non-finite κ_min');
  const gbs = BYTES_PER_STEP / (ms * 1e6);
  const bw = bandwidths(ctx);
  const actual = gbs * 80 / 48;
  process.stderr.write(`\n  geometry-step: ${ms.toFixed(2)} ms/step, ${gbs.toFixed(2)} GB/s nominal (48 B/entry); ` +
    `actual traffic of the two passes 80 B/entry = ${actual.toFixed(2)} GB/s = ${(100 * actual / bw.copy).toFixed(0)}% of the ` +
    `measured 1-thread copy bandwidth ${bw.copy.toFixed(2)} GB/s (scalar JS triad ${bw.triad.toFixed(2)} GB/s); ` +
    `${ctx.backend === 'native' ? `native threads ${nativeKernels()?.getThreads()}` : 'portable: 1 thread'}\n`);
  return gbs;
}

export const geometryStepWorkload: Workload = {
  name: 'geometry-step-1e6',
  summary: 'per-step metric geometry (ψ, κ_min, M_opt apply + solve), D = 1e6, 2 streaming passes (dots, combine), vs NumPy',
  unit: 'GB/s',
  higherIsBetter: true,
  target: { ratio: 2 },
  run,
  peer: {
    script: 'geometry_step.py', name: 'numpy',
    get args() { return [String(DIM), String(stepsFor(lastQuick))]; },
  },
};
