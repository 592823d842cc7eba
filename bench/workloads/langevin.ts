// langevin-1e6: overdamped Langevin (ULA) on the double well, 10⁶ particles × 1000 steps (--quick: 20 steps), through
// the ensemble runner on a persistent pool of 2 worker threads (src/dynamics/ensemble-workers-node.ts; start-up paid
// in warm-up), vs vectorised in-place NumPy in the same run; target ≥ 1.5× NumPy's particle-steps/s of wall time.
// Also reported on stderr: the memory-bandwidth ceiling, i.e. measured bandwidth / bytes moved per particle-step,
// for a streaming implementation (x read + written: 16 B) and for the NumPy peer's ufunc sequence (counted below);
// the ensemble runner keeps each 1024-particle chunk in cache across all steps, so it is not bound by either.
import { createEnsemblePool, type EnsemblePool } from '../../src/dynamics/ensemble-workers-node.ts';
import type { EnsembleConfig } from '../../src/dynamics/ensemble.ts';
import type { BenchContext, Workload } from '../workload.ts';

const N = 1_000_000;
const stepsFor = (quick: boolean) => (quick ? 20 : 1000);
// NumPy peer per particle-step: x*x→g (R16 W8), g−=1 (R8 W8), g*=x (R16 W8), g*=c (R8 W8), x+=g (R16 W8),
// normals→z (W8), z*=s (R8 W8), x+=z (R16 W8) = 184 B.
const NUMPY_BYTES = 184, STREAM_BYTES = 16;

let pool: EnsemblePool | undefined;
let lastQuick = false;

/** Single-thread streaming bandwidth (GB/s) of a triad a = b + s·c over 3 × 32 MB (beyond the caches). */
function bandwidthGBs(ctx: BenchContext): number {
  const n = 4_000_000, a = new Float64Array(n), b = new Float64Array(n).fill(1), c = new Float64Array(n).fill(2);
  const ms = ctx.timeMs(() => { for (let i = 0; i < n; i++) a[i] = b[i]! + 0.5 * c[i]!; }, { warmup: 1, reps: 5 });
  return (24 * n) / (ms * 1e6);
}

function measure(ctx: BenchContext): number {
  lastQuick = ctx.quick;
  const steps = stepsFor(ctx.quick);
  const cfg: EnsembleConfig = { problem: { id: 'double-well' }, rule: 'langevin', lr: 1e-3, temperature: 0.25, particles: N, steps, seed: 0, workers: 2, traces: 0, recordEvery: steps };
  pool ??= createEnsemblePool(2);
  pool.run({ ...cfg, steps: 10 }); // warm-up: thread start-up and JIT (the hot loops tier up in each worker)
  const ms = ctx.timeMs(() => { pool!.run(cfg); }, steps >= 100 ? { warmup: 0, reps: 1 } : { warmup: 0 });
  const rate = (N * steps) / (ms / 1e3);
  const bw = bandwidthGBs(ctx);
  process.stderr.write(`\n  langevin: ${(rate / 1e6).toFixed(1)} M particle-steps/s on 2 threads; bandwidth ${bw.toFixed(1)} GB/s (1 thread) → ceiling `
    + `${(bw * 1e3 / STREAM_BYTES).toFixed(0)} M/s for a streaming step (${STREAM_BYTES} B), ${(bw * 1e3 / NUMPY_BYTES).toFixed(0)} M/s for NumPy's ufunc sequence (${NUMPY_BYTES} B)\n`);
  return rate;
}

export const langevinWorkload: Workload = {
  name: 'langevin-1e6',
  summary: 'ULA on the double well, 1e6 particles × 1000 steps, 2 worker threads vs vectorised NumPy (particle-steps/s)',
  unit: 'particle-steps/s',
  higherIsBetter: true,
  target: { ratio: 1.5 },
  run: measure,
  peer: {
    script: 'langevin.py', name: 'numpy',
    // The step count follows this run's --quick (run() is called before the peer).
    get args() { return [String(N), String(stepsFor(lastQuick))]; },
  },
};
