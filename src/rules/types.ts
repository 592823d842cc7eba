/**
 * The learning-rule contract (optax style): a rule is `init` + `update`, two functions over plain-data state.
 * Hyperparameters are fixed when the rule is built, except that the runner may change them between steps
 * (learning-rate schedules, user edits): the rule reads the current values from `ctx.hyper`, so changing a
 * hyperparameter mid-run keeps the rule state.
 */
import type { Rng } from '../random/types.ts';
import type { Batch, ParamSpec, Problem } from '../problems/types.ts';

export interface StepContext<H = Record<string, unknown>> {
  /** 0-based step index (torch's `step` count is step + 1 after this update). */
  readonly step: number;
  /** Current parameters θ_k (do not modify). */
  readonly theta: Float64Array;
  /** Current hyperparameters (schedules applied). */
  readonly hyper: H;
  /** ∇L(θ_k) on the current batch, computed lazily once per step. */
  grad(): Float64Array;
  /** L(θ_k) on the current batch, computed lazily once per step. */
  loss(): number;
  /** ∇L at another point on the same batch (for rules that look ahead or compare). */
  gradAt(theta: Float64Array): Float64Array;
  /** L at another point on the same batch (perturbation rules, line searches). */
  lossAt(theta: Float64Array): number;
  readonly batch: Batch;
  readonly problem: Problem;
  /** This rule's own stream (split from the run's generator). */
  readonly rng: Rng;
  /** Optional caller-owned buffer (length dim) the rule writes δ into instead of allocating one per step. */
  readonly out?: Float64Array;
}

export interface Rule<S = unknown, H = Record<string, unknown>> {
  readonly id: string;
  /** Resolved hyperparameters this rule was built with (defaults filled in). */
  readonly hyper: H;
  init(theta: Float64Array, ctx: { problem: Problem; rng: Rng }): S;
  /**
   * Returns the parameter change δ (θ_{k+1} = θ_k + δ) and the next state. Must not mutate `ctx.theta`.
   * The torch.optim rules update their state's arrays in place and return the same object (one pass over memory
   * at 1e6 parameters); a caller that keeps a history of states copies them.
   */
  update(ctx: StepContext<H>, state: S): { delta: Float64Array; state: S };
  /**
   * Optional, for large states: buffers the rule prefers. A caller that computes ∇L into `grad` (Problem.grad's
   * `out`) and passes `out` as StepContext.out saves the rule two copies per step (the wasm Adam kernel).
   * null when the state has no such buffers; they stay valid as long as `state` does.
   */
  buffers?(state: S): { grad: Float64Array; out: Float64Array } | null;
  /**
   * Optional fast path for loops that keep only the current θ: the same step as `update`, added to `theta` in
   * place (θ ← θ + δ) without writing δ — one pass over the parameters instead of three. `theta` may be
   * `ctx.theta` itself (the rule reads everything it needs before writing). Returns the next state.
   */
  updateInPlace?(ctx: StepContext<H>, state: S, theta: Float64Array): S;
}

export interface RuleSpec {
  id: string;
  summary: string;
  /** Hyperparameters with torch.optim names (camelCase) and defaults. */
  params: ParamSpec[];
  create(hyper: Record<string, unknown>): Rule;
}
