// A minimal stand-in for the runner in rule tests: θ_{k+1} = θ_k + δ_k with a gradient function only, and an
// optional per-step hyperparameter override (what a schedule does), so the tests do not depend on src/dynamics.
import type { Rule, StepContext } from '../../src/rules/types.ts';

export function drive(
  rule: Rule, theta0: ArrayLike<number>, grad: (t: Float64Array) => Float64Array, steps: number,
  hyperAt: (k: number) => Record<string, unknown> = () => rule.hyper as Record<string, unknown>,
): Float64Array[] {
  let theta = Float64Array.from(theta0);
  let state = rule.init(theta, { problem: undefined as never, rng: undefined as never });
  const out = [theta];
  for (let k = 0; k < steps; k++) {
    const t = theta;
    const ctx = { step: k, theta: t, hyper: hyperAt(k), grad: () => grad(t) } as unknown as StepContext;
    const r = rule.update(ctx, state);
    state = r.state;
    theta = t.map((v, i) => v + r.delta[i]!);
    out.push(theta);
  }
  return out;
}

/** ∇ of Σθ², the optax docstring problem. */
export const sumSquaresGrad = (t: Float64Array): Float64Array => t.map((v) => 2 * v);

