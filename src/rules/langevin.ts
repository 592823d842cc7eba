/**
 * Overdamped Langevin dynamics, Euler–Maruyama discretisation (ULA; anchors-science §3.1):
 *
 *   θ ← θ − lr·∇U(θ) + √(2·lr·T)·ξ,   ξ ~ N(0, I)
 *
 * with U the problem's loss as an energy and T = `temperature`. Biased at fixed lr: on U = x²/(2σ²) the
 * stationary variance is Tσ²/(1 − lr/(2σ²)) instead of Tσ² (MALA removes the bias). T = 0 is gradient descent.
 */
import { defineRule, deltaBuffer, lrSpec } from './common.ts';
import type { ParamSpec } from '../problems/types.ts';

export type LangevinHyper = { lr: number; temperature: number };

export const temperatureSpec: ParamSpec = { name: 'temperature', kind: 'number', default: 1, min: 0, doc: 'temperature T of the Boltzmann law e^{−U/T} (0: no noise)' };

export const langevin = defineRule<LangevinHyper>({
  id: 'langevin',
  summary: 'overdamped Langevin (ULA): θ ← θ − lr·∇U + √(2·lr·T)·ξ',
  params: [lrSpec(1e-2), temperatureSpec],
  build: (id, hyper) => ({
    id, hyper,
    init: () => ({ step: 0 }),
    update(ctx, state: { step: number }) {
      const { lr, temperature } = ctx.hyper;
      const g = ctx.grad(), delta = deltaBuffer(id, ctx), n = delta.length;
      ctx.rng.fillNormal(delta, 0, Math.sqrt(2 * lr * temperature));
      for (let i = 0; i < n; i++) delta[i] = delta[i]! - lr * g[i]!;
      state.step += 1;
      return { delta, state };
    },
  }),
});
