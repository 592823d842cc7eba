// dmf-step: one training step of deep matrix completion (Arora et al. 2019) — W = W_N⋯W_1 with full-width n×n
// factors, loss = mean over the observed entries of (W_ij − y_ij)², gradient of every factor, then the group-rms
// (GroupRMSprop) update — through the registry's matrix-completion problem and group-rms rule, stepped by
// FactorizationStepper (the loop trainFactorization runs), in steps/s, vs the reference's PyTorch float64 step
// (autograd through W3 @ W2 @ W1, masked MSE, GroupRMSprop as in its opt.py; bench/peers/dmf_step.py). Both report
// wall time per batch of steps (10 at 100×100, 2 at 500×500).
// Same algorithm on both sides: N−1 forward gemms and 2(N−1) backward gemms per step (6 at depth 3, 9 at depth 4;
// torch.profiler counts 6 aten::mm per depth-3 step), one gather/scatter of the masked residual, one ‖∇L‖² and one
// scaled update. Ours carries Bᵀ through the backward (gemm NN + TT where autograd does grad·Wᵀ (NT) + Wᵀ·grad (TN);
// see DeepFactorization.backward) and updates θ in place with one axpy (Rule.updateInPlace).
// Threads: both sides call the same Debian OpenBLAS 0.3.21 (pthread build, 2 threads here; torch's process reports
// openblas_get_num_threads() = 2). torch's own intra-op pool has 1 thread on this machine (torch.get_num_threads() =
// 1, Debian build), so its elementwise ops run on one thread, like our JavaScript.
// Targets (issue 7): depth 3 at 100×100 (2000 observed) ≥ 1.0× (1.5× aimed); depth 4 at 500×500 (50 000 observed).
import { FactorizationStepper } from '../../src/experiments/dmf-train.ts';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { createRule } from '../../src/rules/index.ts';
import type { DmfProblem } from '../../src/problems/matrix-completion.ts';
import type { BenchContext, Workload } from '../workload.ts';

/** A closure doing `batch` group-rms steps in place through trainFactorization's stepper (no logging). */
export function dmfStepper(size: number, depth: number, observations: number, batch: number): () => void {
  const p = createProblem({ id: 'matrix-completion', size, rank: 5, observations, depth, initScale: 1e-3 }, createRng(0)) as DmfProblem;
  const stepper = new FactorizationStepper(p, createRule('group-rms', { lr: 1e-3 }), p.init(createRng(1)), createRng(2));
  let t = 0;
  return () => {
    for (let s = 0; s < batch; s++) { stepper.evaluate(); stepper.step(t++); }
  };
}

function workload(size: number, depth: number, observations: number, ratio: number, reps: number, batch: number): Workload {
  return {
    name: `dmf-step-${size}-d${depth}`,
    summary: `deep matrix completion step, depth ${depth}, ${size}×${size}, ${observations} observed, loss + factor gradients + group-rms, float64, vs PyTorch autograd (steps/s)`,
    unit: 'steps/s',
    higherIsBetter: true,
    target: { ratio },
    run(ctx: BenchContext): number {
      const step = dmfStepper(size, depth, observations, batch);
      const ms = ctx.timeMs(step, { warmup: Math.max(ctx.timing.warmup, 3), reps: Math.max(ctx.timing.reps, reps) });
      return (1000 * batch) / ms;
    },
    peer: { script: 'dmf_step.py', args: [String(size), String(depth), String(observations), String(batch)], name: 'torch' },
  };
}

export const dmfStep100 = workload(100, 3, 2000, 1.0, 21, 10);
export const dmfStep500 = workload(500, 4, 50000, 1.0, 5, 2);
