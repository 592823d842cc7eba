// kfac-step-mlp: one K-FAC step (the `kfac` rule with statistics and damped inverses refreshed every step: labels
// sampled from the model, Ā and G by syrk, EMA 0.95, (Ā + π√λI)⁻¹ and (G + √λ/π I)⁻¹ by Cholesky and the inverse
// from the factor (potrf + potri), then G⁻¹[∇W ∇b]Ā⁻¹ per layer) on the MLP classifier 784-128-10 (D ≈ 1.0e5),
// batch 128, in ms per step, vs the same step in NumPy/SciPy (bench/peers/ngd_kfac.py kfac: LAPACK dpotrf + dpotri
// through scipy.linalg.lapack; both sides formed the inverses by cho_solve on the identity before 2026-11-23, ~2.3×
// the flops). Target (issue 5): ≥ 1.0×.
import { createRng } from '../../src/random/index.ts';
import { createRule } from '../../src/rules/index.ts';
import type { BenchContext, Workload } from '../workload.ts';
import { benchProblem, stepOnce } from './ngd-cg.ts';

export const kfacStepMlp: Workload = {
  name: 'kfac-step-mlp',
  summary: 'K-FAC step with factor statistics and damped inverses every step, MLP 784-128-10, batch 128 vs NumPy/SciPy (ms)',
  unit: 'ms',
  higherIsBetter: false,
  target: { ratio: 1.0 },
  run(ctx: BenchContext): number {
    const { p, theta } = benchProblem();
    const rule = createRule('kfac', { lr: 0.1, damping: 1e-2, updateEvery: 1, statsEvery: 1, decay: 0.95 });
    let state = rule.init(theta, { problem: p, rng: createRng(0) }), step = 0;
    return ctx.timeMs(() => {
      const r = stepOnce(p, theta, rule, state, step++);
      state = r.state;
      for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! + r.delta[i]!;
    }, { warmup: Math.max(ctx.timing.warmup, 5), reps: Math.max(ctx.timing.reps, 9) }); // JIT warm-up as ngd-cg
  },
  peer: { script: 'ngd_kfac.py', args: ['kfac'], name: 'numpy+scipy' },
};
