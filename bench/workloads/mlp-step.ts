// mlp-step: one SGD training step of a 784-256-256-10 ReLU MLP, batch 128, softmax cross-entropy, float64, through
// the autodiff tape (valueAndGrad: forward, reverse sweep, then θ ← θ − 0.05·∇ in place by the kernels' axpy), in ms per step, vs the
// same step hand-written in NumPy (bench/peers/mlp_step.py). Target (issue 2): ≥ 1.0× NumPy on the native backend.
import * as A from '../../src/autodiff/index.ts';
import type { Var } from '../../src/autodiff/index.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { kernels } from '../../src/kernels/index.ts';
import type { BenchContext, Workload } from '../workload.ts';
import { filled } from '../workload.ts';

export const SIZES = [784, 256, 256, 10] as const;
export const BATCH = 128;
export const LR = 0.05;

/** He-scaled weights and zero biases from the deterministic fill (values do not affect timings). */
export function mlpParams(): Tensor[] {
  const ps: Tensor[] = [];
  for (let l = 0; l < 3; l++) {
    const fanIn = SIZES[l]!, fanOut = SIZES[l + 1]!;
    const w = filled(fanIn * fanOut, 10 + l).map((x) => x * Math.sqrt(6 / fanIn));
    ps.push(new Tensor(w, [fanIn, fanOut]), new Tensor(new Float64Array(fanOut), [fanOut]));
  }
  return ps;
}

/** Mean softmax cross-entropy of the MLP on (X, y); p = [W1, b1, W2, b2, W3, b3]. */
export function mlpLoss(X: Tensor, y: Int32Array): (p: Var[]) => Var {
  return (p) => {
    let h: Var = A.constant(X);
    for (let l = 0; l < 3; l++) {
      h = A.add(A.matmul(h, p[2 * l]!), p[2 * l + 1]!);
      if (l < 2) h = A.relu(h);
    }
    return A.crossEntropy(h, y);
  };
}

/** A closure doing one SGD step in place on `params`; returns the loss before the step. */
export function mlpStepper(params: Tensor[], X: Tensor, y: Int32Array): () => number {
  const vg = A.valueAndGrad(mlpLoss(X, y));
  return () => {
    const { value, grad } = vg(params);
    const k = kernels();
    for (let i = 0; i < params.length; i++) k.axpy(params[i]!.size, -LR, grad[i]!.data, params[i]!.data);
    return value;
  };
}

export function mlpData(): { X: Tensor; y: Int32Array } {
  const X = new Tensor(filled(BATCH * SIZES[0], 3), [BATCH, SIZES[0]]);
  const y = Int32Array.from({ length: BATCH }, (_, i) => (i * 7) % SIZES[3]);
  return { X, y };
}

export const mlpStep: Workload = {
  name: 'mlp-step',
  summary: 'MLP 784-256-256-10 SGD step, batch 128, softmax-CE, float64, autodiff tape vs hand-written NumPy (ms)',
  unit: 'ms',
  higherIsBetter: false,
  target: { ratio: 1.0 },
  run(ctx: BenchContext): number {
    const { X, y } = mlpData();
    const step = mlpStepper(mlpParams(), X, y);
    return ctx.timeMs(() => { step(); }, { warmup: Math.max(ctx.timing.warmup, 5), reps: Math.max(ctx.timing.reps, 21) });
  },
  peer: { script: 'mlp_step.py', args: [], name: 'numpy' },
};
