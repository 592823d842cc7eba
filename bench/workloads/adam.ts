// adam-1e6: Adam steps/s on the 10⁶-dim diagonal quadratic ½Σaᵢθᵢ² − bᵀθ (gradient a⊙θ − b computed each step,
// θ ← θ + δ applied each step), through the registry's `adam` rule with a reused δ buffer (ctx.out), vs
// torch.optim.Adam float64 (target ≥ 1.5×) and vs an in-place NumPy Adam (target ≥ 1.0×), both single-threaded.
// 10 000 steps timed once after a 20-step warm-up; --quick times 200 steps, median of the harness's repeats.
import { createRule } from '../../src/rules/index.ts';
import type { StepContext } from '../../src/rules/types.ts';
import type { BenchContext, Workload } from '../workload.ts';

const DIM = 1_000_000;
const stepsFor = (quick: boolean) => (quick ? 200 : 10_000);

// Loops in module-level functions, so V8 optimises them whole (a loop inside a closure called once re-enters by
// on-stack replacement and runs far slower).
function quadraticGrad(g: Float64Array, a: Float64Array, b: Float64Array, theta: Float64Array): Float64Array {
  for (let i = 0; i < g.length; i++) g[i] = a[i]! * theta[i]! - b[i]!;
  return g;
}
function apply(theta: Float64Array, d: Float64Array): void {
  for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! + d[i]!;
}

let lastQuick = false;
const cache = new Map<boolean, number>(); // both rows share one learnscope measurement per mode

function measure(ctx: BenchContext): number {
  lastQuick = ctx.quick;
  const hit = cache.get(ctx.quick);
  if (hit !== undefined) return hit;
  const steps = stepsFor(ctx.quick);
  // Same distributions as the peer (uniform a ∈ [0.1, 1), b, θ₀ ∈ [−1, 1)); timings do not depend on the values.
  let s = 12345;
  const u = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const a = Float64Array.from({ length: DIM }, () => 0.1 + 0.9 * u());
  const b = Float64Array.from({ length: DIM }, () => 2 * u() - 1);
  const theta0 = Float64Array.from({ length: DIM }, () => 2 * u() - 1);
  const g = new Float64Array(DIM), out = new Float64Array(DIM);
  const run = (n: number) => {
    const rule = createRule('adam', { lr: 1e-3 });
    const theta = theta0.slice();
    let state = rule.init(theta, { problem: undefined as never, rng: undefined as never });
    const ctx = {
      step: 0, theta, hyper: rule.hyper, out,
      grad: () => quadraticGrad(g, a, b, theta),
    } as unknown as StepContext;
    for (let k = 0; k < n; k++) {
      const r = rule.update(ctx, state);
      state = r.state;
      apply(theta, r.delta);
    }
  };
  run(20);
  const ms = ctx.timeMs(() => run(steps), steps >= 1000 ? { warmup: 0, reps: 1 } : { warmup: 0 });
  const value = steps / (ms / 1e3);
  cache.set(ctx.quick, value);
  return value;
}

const peer = (impl: 'torch' | 'numpy', name: string) => ({
  script: 'adam.py', name,
  // The step count follows this run's --quick (run() is called before the peer).
  get args() { return [impl, String(DIM), String(stepsFor(lastQuick))]; },
});

export const adamTorch: Workload = {
  name: 'adam-1e6',
  summary: 'Adam steps/s, 1e6-dim diagonal quadratic, gradient + update + apply per step, vs torch.optim.Adam float64',
  unit: 'steps/s',
  higherIsBetter: true,
  target: { ratio: 1.5 },
  run: measure,
  peer: peer('torch', 'torch'),
};

export const adamNumpy: Workload = {
  name: 'adam-1e6-numpy',
  summary: 'the same Adam steps/s vs an in-place NumPy implementation',
  unit: 'steps/s',
  higherIsBetter: true,
  target: { ratio: 1.0 },
  run: measure,
  peer: peer('numpy', 'numpy'),
};
