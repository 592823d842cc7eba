/**
 * GroupRMSprop: gradient descent with one global RMS-normalised step size (Arora, Cohen, Hu, Luo 2019; their
 * opt.py::GroupRMSprop). The direction is exactly −∇L, so the GD trajectory's direction (and its implicit bias)
 * is kept; only the speed along it adapts. One scalar state for all parameters:
 *
 *   t ← t + 1;   s ← alpha·s + (1 − alpha)·‖∇L‖²   (‖·‖² summed over every parameter)
 *   η_t = lr / (√(s/(1 − alphaᵗ)) + eps);   θ ← θ − η_t·∇L
 *
 * Arguments: lr, alpha, eps. Defaults are the reference run's (main.py passes eps = 1e-4; the class default is 1e-6).
 */
import { ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { defineRule, deltaBuffer, epsSpec, lrSpec } from './common.ts';
import type { Rule } from './types.ts';

export type GroupRmsHyper = { lr: number; alpha: number; eps: number };
export type GroupRmsState = { step: number; squareAvg: number; stepSize: number };

/** Advances the state by one step with ‖∇L‖² = ss and returns η_t. */
function advance(state: GroupRmsState, { lr, alpha, eps }: GroupRmsHyper, ss: number): number {
  state.step += 1;
  state.squareAvg = alpha * state.squareAvg + (1 - alpha) * ss;
  const eta = lr / (Math.sqrt(state.squareAvg / (1 - alpha ** state.step)) + eps);
  state.stepSize = eta;
  return eta;
}

function groupRmsRule(id: string, hyper: GroupRmsHyper): Rule<GroupRmsState, GroupRmsHyper> {
  // ‖∇L‖² and δ = −η·∇L go through the kernels (dot; copy + scal, or one axpy in place): at 10⁴–10⁶ parameters
  // these passes cost as much as the factorisation's small gemms when written as scalar loops.
  return {
    id,
    hyper,
    init: () => ({ step: 0, squareAvg: 0, stepSize: 0 }),
    update(ctx, state) {
      const g = ctx.grad(), n = g.length, k = kernels();
      const delta = deltaBuffer(id, ctx);
      const eta = advance(state, ctx.hyper, k.dot(n, g, g));
      if (delta !== g) delta.set(g);
      k.scal(n, -eta, delta);
      return { delta, state };
    },
    updateInPlace(ctx, state, theta) {
      const g = ctx.grad(), n = g.length, k = kernels();
      if (theta.length !== n) throw new ShapeError(`${id}: θ has length ${theta.length} but ∇L has length ${n}`);
      k.axpy(n, -advance(state, ctx.hyper, k.dot(n, g, g)), g, theta);
      return state;
    },
  };
}

export const groupRms = defineRule<GroupRmsHyper>({
  id: 'group-rms',
  summary: 'GD with one global RMS-normalised step size (GroupRMSprop of Arora et al. 2019): direction = −∇L',
  params: [
    lrSpec(1e-3),
    { name: 'alpha', kind: 'number', default: 0.99, min: 0, max: 1, maxExclusive: true, doc: 'decay of the running mean of ‖∇L‖², in [0, 1)' },
    epsSpec(1e-4, 'term added to the RMS (reference main.py: 1e-4)'),
  ],
  build: groupRmsRule,
});
