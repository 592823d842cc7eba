// ngd-cg-mlp: one damped natural-gradient step with conjugate gradient on Fisher-vector products (the
// `natural-gradient` rule, solver 'cg', true Fisher, λ = 1e-3, 10 CG iterations from 0, lr 1) on an MLP classifier
// 784-128-10 (tanh, D = 101 770 ≥ 10⁵), batch 128, float64, in ms per step, vs the same step in NumPy
// (bench/peers/ngd_kfac.py ngd-cg: forward, gradient, 10 CG iterations of J·v / Jᵀ·u by hand, as geometry/fisher-cg.ts).
// Both sides take the gradient from the forward pass the Fisher products use (learnscope: the rule's linearization);
// the products are the same batched GEMMs on both sides (X·dW₁ᵀ forward, s₁ᵀ·X backward). Target (issue 5): ≥ 1.0×.
import { mlpClassifier } from '../../src/problems/mlp-classifier.ts';
import type { Problem } from '../../src/problems/types.ts';
import { createRng } from '../../src/random/index.ts';
import { createRule } from '../../src/rules/index.ts';
import type { Rule, StepContext } from '../../src/rules/types.ts';
import { filled, type BenchContext, type Workload } from '../workload.ts';

export const WIDTHS = [784, 128, 10] as const;
export const BATCH = 128;

/** The MLP classifier on BATCH deterministic inputs in (0, 1) with labels i·7 mod 10, and θ (LeCun-normal, seeded). */
export function benchProblem(): { p: Problem; theta: Float64Array } {
  const X = filled(BATCH * WIDTHS[0], 3).map((v) => 0.5 + 0.5 * v);
  const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 7) % 10);
  const p = mlpClassifier({ widths: WIDTHS, activation: 'tanh', X, labels });
  return { p, theta: p.init(createRng(1)) };
}

/** One rule step at θ over the full batch; returns δ. */
export function stepOnce(p: Problem, theta: Float64Array, rule: Rule, state: unknown, step: number): { delta: Float64Array; state: unknown } {
  const ctx: StepContext = {
    step, theta, hyper: rule.hyper as Record<string, unknown>, batch: undefined, problem: p, rng: createRng(step),
    grad: () => p.grad(theta), loss: () => p.loss(theta), gradAt: (t) => p.grad(t), lossAt: (t) => p.loss(t),
  };
  return rule.update(ctx, state);
}

export const ngdCgMlp: Workload = {
  name: 'ngd-cg-mlp',
  summary: 'damped natural-gradient step, CG (10 its) on Fisher-vector products, MLP 784-128-10 (D≈1.0e5), batch 128 vs NumPy (ms)',
  unit: 'ms',
  higherIsBetter: false,
  target: { ratio: 1.0 },
  run(ctx: BenchContext): number {
    const { p, theta } = benchProblem();
    const rule = createRule('natural-gradient', { lr: 1, damping: 1e-3, solver: 'cg', cgMaxIter: 10, cgTol: 0 });
    return ctx.timeMs(() => {
      const state = rule.init(theta, { problem: p, rng: createRng(0) }); // fresh state: CG starts from 0 like the peer
      const { delta } = stepOnce(p, theta, rule, state, 0);
      for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! + delta[i]!;
    }, { warmup: Math.max(ctx.timing.warmup, 8), reps: Math.max(ctx.timing.reps, 21) }); // V8 needs ~5 steps to tier up
  },
  peer: { script: 'ngd_kfac.py', args: ['ngd-cg'], name: 'numpy' },
};
