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
 * Arguments: lr, betas, eps, weightDecay, amsgrad, maximize, epsPlacement. One fused loop over memory per step.
 */
import { betasSpec, defineRule, deltaBuffer, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import type { ParamSpec } from '../problems/types.ts';
import { adamLoop, arenaOf, createAdamArena, FLAG_AMSGRAD, FLAG_INSIDE, FLAG_MAXIMIZE, FLAG_THETA } from './adam-kernel.ts';
import type { Rule } from './types.ts';

export type AdamHyper = {
  lr: number; betas: number[]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean;
  epsPlacement: 'outside' | 'inside';
};
/** `maxExpAvgSq` is null unless amsgrad (torch creates it only then). */
export type AdamState = { step: number; expAvg: Float64Array; expAvgSq: Float64Array; maxExpAvgSq: Float64Array | null };

/** Adam with coupled (L2, torch.optim.Adam) or decoupled (torch.optim.AdamW) weight decay. */
export function adamRule(id: string, hyper: AdamHyper, decoupled: boolean): Rule<AdamState, AdamHyper> {
  return {
    id,
    hyper,
    init: (theta) => {
      const n = theta.length;
      const arena = createAdamArena(n, hyper.amsgrad); // large states live in wasm memory (adam-kernel.ts)
      if (arena !== null) return { step: 0, expAvg: arena.m, expAvgSq: arena.v, maxExpAvgSq: arena.vmax };
      return { step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n), maxExpAvgSq: hyper.amsgrad ? new Float64Array(n) : null };
    },
    update(ctx, state) {
      const { lr, betas, eps, weightDecay, amsgrad, maximize, epsPlacement } = ctx.hyper;
      const b1 = betas[0]!, b2 = betas[1]!, c1 = 1 - b1, c2 = 1 - b2;
      const g = ctx.grad(), th = ctx.theta, n = th.length;
      const { expAvg: m, expAvgSq: v } = state;
      const vmax = amsgrad ? (state.maxExpAvgSq ??= new Float64Array(n)) : null;
      const delta = deltaBuffer(id, ctx);
      const step = (state.step += 1);
      const bc2 = 1 - b2 ** step;
      const negStepSize = -(lr / (1 - b1 ** step));
      const bc2Sqrt = Math.sqrt(bc2);
      const l2 = decoupled ? 0 : weightDecay;
      const shrink = decoupled ? lr * weightDecay : 0; // AdamW's θ·(1 − lr·λ) as a change: −lr·λ·θ
      const needTheta = l2 !== 0 || shrink !== 0; // plain Adam never reads θ: one less stream over memory
      const inside = epsPlacement === 'inside';
      const arena = arenaOf(m);
      if (arena !== undefined && arena.v === v && arena.vmax === vmax) {
        const flags = (maximize ? FLAG_MAXIMIZE : 0) | (vmax ? FLAG_AMSGRAD : 0) | (inside ? FLAG_INSIDE : 0) | (needTheta ? FLAG_THETA : 0);
        const d = arena.step(g, th, flags, b1, c1, b2, c2, l2, negStepSize, bc2, bc2Sqrt, eps, shrink);
        if (delta !== d) delta.set(d); // no copy when the caller passed buffers().out as ctx.out
      } else {
        adamLoop(g, th, m, v, vmax, delta, b1, c1, b2, c2, l2, maximize, needTheta, inside, negStepSize, bc2, bc2Sqrt, eps, shrink);
      }
      return { delta, state };
    },
    buffers(state) {
      const arena = arenaOf(state.expAvg);
      return arena === undefined ? null : { grad: arena.g, out: arena.d };
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
