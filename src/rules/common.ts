/**
 * Shared building blocks of the torch.optim rules (torch 1.13, single-tensor `foreach=False` path): building a
 * RuleSpec from ParamSpecs (validated with the shared `resolveParams`), the output buffer for δ, and the per-entry
 * moment updates written in torch's rounding order so every rule's fused loop reuses them.
 */
import { ConfigError, ShapeError } from '../errors.ts';
import { resolveParams } from '../problems/params.ts';
import type { ParamSpec } from '../problems/types.ts';
import type { Rule, RuleSpec, StepContext } from './types.ts';

/** torch `m.mul_(β).add_(g, alpha=c)` with c = 1 − β (computed once by the caller, as torch does): m·β + c·g. */
export function ema(m: number, g: number, beta: number, c: number): number {
  return m * beta + c * g;
}

/** torch `v.mul_(β).addcmul_(g, g, value=c)`: addcmul rounds (c·g)·g. */
export function emaSquare(v: number, g: number, beta: number, c: number): number {
  return v * beta + c * g * g;
}

/** torch's gradient preamble: negate when maximizing, then `g.add(θ, alpha=λ)` (coupled L2 weight decay). */
export function effectiveGrad(g: number, theta: number, weightDecay: number, maximize: boolean): number {
  const s = maximize ? -g : g;
  return weightDecay !== 0 ? s + weightDecay * theta : s;
}

/** Where δ goes: the caller's `ctx.out` buffer when given (no allocation per step), else a fresh array. */
export function deltaBuffer(rule: string, ctx: StepContext<unknown>): Float64Array {
  const n = ctx.theta.length;
  const out = ctx.out;
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) throw new ShapeError(`${rule}: ctx.out has length ${out.length} but θ has length ${n}`);
  return out;
}

/** Throws the ConfigError torch raises as ValueError for a combination no single ParamSpec can express. */
export function invalid(rule: string, name: string, message: string): never {
  throw new ConfigError(`${rule}.${name}`, message);
}

/** The ParamSpecs every rule shares, with torch's names, defaults and ranges (torch's "Invalid … value" checks). */
export const lrSpec = (dflt: number): ParamSpec =>
  ({ name: 'lr', kind: 'number', default: dflt, min: 0, doc: 'learning rate γ (torch: "Invalid learning rate" below 0)' });
export const epsSpec = (dflt: number, doc = 'term ε added to the denominator'): ParamSpec =>
  ({ name: 'eps', kind: 'number', default: dflt, min: 0, doc });
export const weightDecaySpec = (dflt = 0, doc = 'L2 penalty λ added to the gradient: g ← g + λθ'): ParamSpec =>
  ({ name: 'weightDecay', kind: 'number', default: dflt, min: 0, doc });
export const maximizeSpec: ParamSpec =
  { name: 'maximize', kind: 'boolean', default: false, doc: 'ascend the objective (g ← −g)' };
export const betasSpec: ParamSpec = {
  name: 'betas', kind: 'number[]', length: 2, default: [0.9, 0.999], min: 0, max: 1, maxExclusive: true,
  doc: 'decay rates (β₁, β₂) of the first and second moment averages, each in [0, 1)',
};

/**
 * Builds a RuleSpec: `create` validates the given hyperparameters (unknown names rejected with the accepted list,
 * ranges checked, defaults filled), runs the rule's cross-parameter `check`, then `build`s the rule.
 */
export function defineRule<H extends Record<string, unknown>>(def: {
  id: string;
  summary: string;
  params: ParamSpec[];
  check?: (hyper: H) => void;
  build: (id: string, hyper: H) => Rule<any, H>;
}): RuleSpec {
  return {
    id: def.id,
    summary: def.summary,
    params: def.params,
    create(given) {
      const hyper = resolveParams(def.params, given ?? {}, def.id) as H;
      def.check?.(hyper);
      return def.build(def.id, hyper) as Rule;
    },
  };
}
