/**
 * torch.optim.AdamW (1.13; Loshchilov & Hutter 2019): Adam (adam.ts) with decoupled weight decay, as torch does
 * it — the decay is multiplied by lr (unlike the paper's Algorithm 2, where only the schedule multiplier scales it).
 *
 *   θ ← θ·(1 − lr·weightDecay), then the Adam step of adam.ts without the L2 term.
 *
 * Arguments: lr, betas, eps, weightDecay (default 1e-2), amsgrad, maximize, epsPlacement.
 */
import { defineRule } from './common.ts';
import { adamParams, adamRule, type AdamHyper } from './adam.ts';

export const adamw = defineRule<AdamHyper>({
  id: 'adamw',
  summary: 'torch.optim.AdamW: Adam with decoupled weight decay θ ← θ(1 − lr·λ)',
  params: adamParams(1e-2, 'decoupled weight decay λ: θ ← θ·(1 − lr·λ) before the Adam step'),
  build: (id, h) => adamRule(id, h, true),
});
