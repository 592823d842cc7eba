/**
 * The benchmark workload contract. A workload measures one learnscope operation (median of repeats after warm-up)
 * and names a peer script under bench/peers/ (NumPy/SciPy/PyTorch, run with /usr/bin/python3 in the same
 * invocation) that measures the same thing and prints one JSON line. Adding a workload = one file in
 * bench/workloads/ + one line in bench/workloads/index.ts.
 */
import type { BackendName } from '../src/kernels/types.ts';

export interface TimingOptions {
  warmup: number;
  reps: number;
}

export interface BenchContext {
  /** CI-sized run: fewer repeats (sizes stay the same so ratios stay comparable). */
  quick: boolean;
  /** The backend this process runs on. */
  backend: BackendName;
  timing: TimingOptions;
  /** Median wall time of `fn` in milliseconds after `timing.warmup` untimed calls. */
  timeMs(fn: () => void, timing?: Partial<TimingOptions>): number;
}

export interface PeerSpec {
  /** File under bench/peers/, e.g. `linalg.py`. */
  script: string;
  /** Arguments after the script; the harness appends `--warmup W --reps R`. */
  args: string[];
  /** What the peer measures with, shown when it is unavailable (e.g. `numpy`). */
  name: string;
}

export interface Workload {
  /** Canonical id, e.g. `gemm-1024`. */
  name: string;
  summary: string;
  /** `GFLOP/s`, `ms`, `steps/s`, … — the peer must report the same unit. */
  unit: string;
  /** True for rates (GFLOP/s), false for times (ms): decides which way the ratio goes. */
  higherIsBetter: boolean;
  /** Backends on which this workload is meaningful (default: every backend). */
  backends?: BackendName[];
  /** The acceptance target, printed beside the result: a ratio vs the peer and/or an absolute value. */
  target?: { ratio?: number; value?: number };
  /** Backend reported for this row when the workload pins one instead of using the active backend. */
  pinnedBackend?: BackendName;
  /** Measures learnscope and returns the value in `unit`. */
  run(ctx: BenchContext): number;
  /** The peer measurement, or undefined when there is none. */
  peer?: PeerSpec;
}

/** GFLOP/s of `flops` floating-point operations done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}

/** A deterministic matrix fill (same values every run, no RNG state needed): entries in (−1, 1). */
export function filled(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}
