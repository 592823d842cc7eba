/**
 * torch.optim.Adam (1.13; Kingma & Ba 2015, AMSGrad from Reddi et al. 2018). AdamW is this rule with decoupled
 * weight decay (see adamw.ts), written as a parameter of it because the moment maths is identical.
 *
 *   t ← t + 1;  g ← ±∇L + weightDecay·θ            (AdamW instead: θ ← θ·(1 − lr·weightDecay))
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   betas = [β₁, β₂]
 *   amsgrad: v_max ← max(v_max, v), used in place of v below
 *   epsPlacement 'outside' (torch, optax): θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
 *   epsPlacement 'inside' (optax eps_root):  θ ← θ − lr/(1 − β₁ᵗ) · m / √(v/(1 − β₂ᵗ) + eps)
 *
 * Arguments: lr, betas, eps, weightDecay, amsgrad, maximize, epsPlacement. One fused pass over memory per step
 * (Kernels.adamStep: native C, or wasm SIMD / TypeScript on the portable backend); `apply` also moves θ in it.
 */
import { betasSpec, defineRule, deltaBuffer, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import { ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import { ADAM_FLAGS } from '../kernels/types.ts';
import type { ParamSpec } from '../problems/types.ts';
import { arenaOf, createAdamArena } from './adam-kernel.ts';
import type { Rule, StepContext } from './types.ts';

export type AdamHyper = {
  lr: number; betas: number[]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean;
  epsPlacement: 'outside' | 'inside';
};
/** `maxExpAvgSq` is null unless amsgrad (torch creates it only then). */
export type AdamState = { step: number; expAvg: Float64Array; expAvgSq: Float64Array; maxExpAvgSq: Float64Array | null };

const { MAXIMIZE, AMSGRAD, INSIDE, THETA, APPLY } = ADAM_FLAGS;

/** Adam with coupled (L2, torch.optim.Adam) or decoupled (torch.optim.AdamW) weight decay. */
export function adamRule(id: string, hyper: AdamHyper, decoupled: boolean): Rule<AdamState, AdamHyper> {
  const coef = new Float64Array(10); // Kernels.adamStep's coefficients, refilled each step
  // One step on `state`: δ into `out` (apply false), or θ ← θ + δ in place and the change into `out` (apply true).
  const step = (ctx: StepContext<AdamHyper>, state: AdamState, apply: boolean, out: Float64Array | null): void => {
    const { lr, betas, eps, weightDecay, amsgrad, maximize, epsPlacement } = ctx.hyper;
    const b1 = betas[0]!, b2 = betas[1]!;
    const g = ctx.grad(), th = ctx.theta, n = th.length;
    if (g.length !== n) throw new ShapeError(`${id}: ∇L has length ${g.length} but θ has length ${n}`);
    const { expAvg: m, expAvgSq: v } = state;
    const vmax = amsgrad ? (state.maxExpAvgSq ??= new Float64Array(n)) : null;
    const t = (state.step += 1);
    const bc2 = 1 - b2 ** t;
    const l2 = decoupled ? 0 : weightDecay;
    const shrink = decoupled ? lr * weightDecay : 0; // AdamW's θ·(1 − lr·λ) as a change: −lr·λ·θ
    coef[0] = b1; coef[1] = 1 - b1; coef[2] = b2; coef[3] = 1 - b2; coef[4] = l2;
    coef[5] = -(lr / (1 - b1 ** t)); coef[6] = bc2; coef[7] = Math.sqrt(bc2); coef[8] = eps; coef[9] = shrink;
    const flags = (maximize ? MAXIMIZE : 0) | (vmax ? AMSGRAD : 0) | (epsPlacement === 'inside' ? INSIDE : 0) |
      (l2 !== 0 || shrink !== 0 ? THETA : 0) | (apply ? APPLY : 0); // plain Adam never reads θ unless it applies δ
    const arena = arenaOf(m);
    if (arena !== undefined && arena.v === v && arena.vmax === vmax) arena.step(flags, coef, g, th, out);
    else kernels().adamStep(n, flags, coef, g, th, m, v, vmax, out);
  };
  return {
    id,
    hyper,
    init: (theta) => {
      const n = theta.length;
      // Large states on the portable backend live in wasm memory (adam-kernel.ts); the native kernel takes any array.
      const arena = kernels().name === 'native' ? null : createAdamArena(n, hyper.amsgrad);
      if (arena !== null) return { step: 0, expAvg: arena.m, expAvgSq: arena.v, maxExpAvgSq: arena.vmax };
      return { step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n), maxExpAvgSq: hyper.amsgrad ? new Float64Array(n) : null };
    },
    update(ctx, state) {
      const delta = deltaBuffer(id, ctx);
      step(ctx, state, false, delta);
      return { delta, state };
    },
    apply(ctx, state) {
      const out = ctx.out ?? null;
      if (out !== null && out.length !== ctx.theta.length) throw new ShapeError(`${id}: ctx.out has length ${out.length} but θ has length ${ctx.theta.length}`);
      step(ctx, state, true, out);
      return state;
    },
    buffers(state) {
      const arena = arenaOf(state.expAvg);
      return arena === undefined ? null : { grad: arena.g, out: arena.d, theta: arena.theta };
    },
  };
}

export function adamParams(weightDecay: number, wdDoc?: string): ParamSpec[] {
  return [
    lrSpec(1e-3),
    betasSpec,
    epsSpec(1e-8),
    weightDecaySpec(weightDecay, wdDoc),
    { name: 'amsgrad', kind: 'boolean', default: false, doc: 'AMSGrad: normalise by the running maximum of v' },
    maximizeSpec,
    {
      name: 'epsPlacement', kind: 'enum', values: ['outside', 'inside'], default: 'outside',
      doc: "'outside': m̂/(√v̂ + ε) (torch, optax eps); 'inside': m̂/√(v̂ + ε) (optax eps_root style)",
    },
  ];
}

export const adam = defineRule<AdamHyper>({
  id: 'adam',
  summary: 'torch.optim.Adam: bias-corrected first and second moment estimates, optional AMSGrad',
  params: adamParams(0),
  build: (id, h) => adamRule(id, h, false),
});
