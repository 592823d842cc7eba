// geometry-step-1e6: per-step geometry of a learning rule (arXiv 2409.16422) on D = 10⁶ — ψ, κ_min, α*, M_opt·v and
// M_opt⁻¹·w — through the fused two-pass `geometryStep` (src/geometry/step.ts), vs the same computation in NumPy
// (bench/peers/geometry_step.py; in-place ufuncs, single-threaded BLAS). Both report GB/s of the same nominal
// traffic (read y, g, v, w and write two vectors once = 48 B per entry), so the ratio is the time ratio; NumPy needs
// ~7 passes' worth of traffic where the fused path needs 2. The machine's bandwidth (a JS triad a = b + s·c on
// 3 × 32 MB) is measured in the same run and printed on stderr beside the achieved fraction. Target ≥ 2× NumPy.
import { geometryStep } from '../../src/geometry/step.ts';
import { filled, type BenchContext, type Workload } from '../workload.ts';

const DIM = 1_000_000;
const BYTES_PER_STEP = 48 * DIM;
const stepsFor = (quick: boolean) => (quick ? 3 : 10);

/** One triad a = b + s·c (a top-level function, so V8 compiles it once, not a fresh closure per measurement). */
function triad(a: Float64Array, b: Float64Array, c: Float64Array, s: number): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = b[i]! + s * c[i]!;
}

/** STREAM-style triad bandwidth in GB/s (24 B per entry, no write-allocate counted), arrays well beyond L3. */
function triadBandwidth(ctx: BenchContext): number {
  const n = 4_000_000;
  const a = new Float64Array(n), b = filled(n, 11), c = filled(n, 12);
  const ms = ctx.timeMs(() => triad(a, b, c, 1.5));
  return 24 * n / (ms * 1e6);
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
  const bw = triadBandwidth(ctx);
  process.stderr.write(`\n  geometry-step: ${ms.toFixed(2)} ms/step, ${gbs.toFixed(2)} GB/s nominal (48 B/entry); ` +
    `actual traffic of the two passes 80 B/entry = ${(gbs * 80 / 48).toFixed(2)} GB/s vs measured triad bandwidth ${bw.toFixed(2)} GB/s ` +
    `(${(100 * gbs * 80 / 48 / bw).toFixed(0)}%)\n`);
  return gbs;
}

export const geometryStepWorkload: Workload = {
  name: 'geometry-step-1e6',
  summary: 'per-step metric geometry (ψ, κ_min, M_opt apply + solve), D = 1e6, fused 2 passes, vs NumPy',
  unit: 'GB/s',
  higherIsBetter: true,
  target: { ratio: 2 },
  run,
  peer: {
    script: 'geometry_step.py', name: 'numpy',
    get args() { return [String(DIM), String(stepsFor(lastQuick))]; },
  },
};
