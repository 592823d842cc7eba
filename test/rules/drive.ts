// A minimal stand-in for the runner in rule tests: θ_{k+1} = θ_k + δ_k with a gradient function only, and an
// optional per-step hyperparameter override (what a schedule does), so the tests do not depend on src/dynamics.
import type { Problem } from '../../src/problems/types.ts';
import type { Rng } from '../../src/random/types.ts';
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

/**
 * Runs `rule` on a registry problem with full-batch gradients through a real StepContext (lazy grad/loss, the
 * rule's rng, a reused δ buffer), the way the runner does; returns the final θ.
 */
export function runOnProblem(rule: Rule, problem: Problem, theta0: Float64Array, steps: number, rng: Rng): Float64Array {
  let theta = Float64Array.from(theta0);
  let state = rule.init(theta, { problem, rng });
  const out = new Float64Array(theta.length);
  for (let k = 0; k < steps; k++) {
    const t = theta;
    let g: Float64Array | undefined;
    const ctx: StepContext = {
      step: k, theta: t, hyper: rule.hyper as Record<string, unknown>, batch: undefined, problem, rng, out,
      grad: () => (g ??= problem.grad(t)),
      loss: () => problem.loss(t),
      gradAt: (u) => problem.grad(u),
      lossAt: (u) => problem.loss(u),
    };
    const r = rule.update(ctx, state);
    state = r.state;
    const next = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) next[i] = t[i]! + r.delta[i]!;
    theta = next;
  }
  return theta;
}
