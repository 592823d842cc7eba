/**
 * torch.optim.SGD (1.13), with heavy-ball and Nesterov momentum as flags of one rule (tinygrad style).
 *
 *   g ← ±∇L + weightDecay·θ                     (− when maximize)
 *   b ← g on the first step, else b ← momentum·b + (1 − dampening)·g
 *   d ← g + momentum·b if nesterov, else b       (d = g when momentum = 0)
 *   θ ← θ − lr·d
 *
 * momentumForm 'sutskever' keeps lr inside the buffer instead (Sutskever et al. 2013): v ← momentum·v +
 * (1 − dampening)·lr·g (v = lr·g first), θ ← θ − v (Nesterov: θ ← θ − (momentum·v + lr·g)); equal to torch's
 * form at constant lr, different when a schedule changes lr. Presets `momentum` and `nesterov` are this rule
 * with momentum 0.9 (and nesterov = true) as defaults.
 */
import { defineRule, deltaBuffer, effectiveGrad, invalid, lrSpec, maximizeSpec, weightDecaySpec } from './common.ts';
import type { ParamSpec } from '../problems/types.ts';
import type { Rule } from './types.ts';

export type SgdHyper = {
  lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean;
  momentumForm: 'pytorch' | 'sutskever';
};
/** `momentumBuffer` is null until the first step with momentum > 0 (torch's lazily created buffer). */
export type SgdState = { step: number; momentumBuffer: Float64Array | null };

function sgdRule(id: string, hyper: SgdHyper): Rule<SgdState, SgdHyper> {
  return {
    id,
    hyper,
    init: () => ({ step: 0, momentumBuffer: null }),
    update(ctx, state) {
      const { lr, momentum: mu, dampening, weightDecay, nesterov, maximize, momentumForm } = ctx.hyper;
      const g = ctx.grad(), th = ctx.theta, n = th.length;
      const delta = deltaBuffer(id, ctx);
      state.step += 1;
      if (mu === 0) {
        for (let i = 0; i < n; i++) delta[i] = -lr * effectiveGrad(g[i]!, th[i]!, weightDecay, maximize);
        return { delta, state };
      }
      const first = state.momentumBuffer === null;
      const buf = state.momentumBuffer ?? new Float64Array(n);
      const scale = momentumForm === 'sutskever' ? lr : 1; // Sutskever's buffer carries the lr
      const c = 1 - dampening;
      for (let i = 0; i < n; i++) {
        const d = effectiveGrad(g[i]!, th[i]!, weightDecay, maximize);
        const sd = scale === 1 ? d : scale * d;
        const b = first ? sd : buf[i]! * mu + c * sd;
        buf[i] = b;
        if (momentumForm === 'sutskever') delta[i] = nesterov ? -(mu * b + sd) : -b;
        else delta[i] = -lr * (nesterov ? d + mu * b : b);
      }
      state.momentumBuffer = buf;
      return { delta, state };
    },
  };
}

function params(momentum: number, nesterov: boolean): ParamSpec[] {
  return [
    lrSpec(1e-3),
    { name: 'momentum', kind: 'number', default: momentum, min: 0, doc: 'momentum factor μ' },
    { name: 'dampening', kind: 'number', default: 0, doc: 'dampening τ of the momentum: b ← μb + (1 − τ)g' },
    weightDecaySpec(),
    { name: 'nesterov', kind: 'boolean', default: nesterov, doc: 'Nesterov momentum (needs momentum > 0, dampening 0)' },
    maximizeSpec,
    {
      name: 'momentumForm', kind: 'enum', values: ['pytorch', 'sutskever'], default: 'pytorch',
      doc: "'pytorch': b ← μb + g, θ ← θ − lr·b; 'sutskever': v ← μv + lr·g, θ ← θ − v (differ when lr changes)",
    },
  ];
}

function check(h: SgdHyper): void {
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    invalid('sgd', 'nesterov', `Nesterov momentum requires a momentum and zero dampening (got momentum ${h.momentum}, dampening ${h.dampening}); accepted: momentum > 0 and dampening = 0`);
  }
}

// torch 1.13 has no default lr for SGD; we use torch ≥ 2.2's default 1e-3 so every rule runs without tuning.
export const sgd = defineRule<SgdHyper>({
  id: 'sgd', summary: 'torch.optim.SGD: momentum, dampening, Nesterov, weight decay', params: params(0, false), check, build: sgdRule,
});
export const momentum = defineRule<SgdHyper>({
  id: 'momentum', summary: 'heavy-ball momentum (sgd with momentum 0.9)', params: params(0.9, false), check, build: sgdRule,
});
export const nesterov = defineRule<SgdHyper>({
  id: 'nesterov', summary: 'Nesterov momentum (sgd with momentum 0.9, nesterov)', params: params(0.9, true), check, build: sgdRule,
});
