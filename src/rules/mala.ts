/**
 * Metropolis-adjusted Langevin algorithm (Roberts & Tweedie 1996): the ULA move is a proposal
 *
 *   y = θ − lr·∇U(θ) + √(2·lr·T)·ξ,   accepted with probability min(1, e^{−(U(y) − U(θ))/T}·q(θ|y)/q(y|θ)),
 *   log q(a|b) = −|a − b + lr·∇U(b)|²/(4·lr·T) + const,
 *
 * so the chain leaves e^{−U/T} exactly invariant at any lr. State counts proposals and acceptances
 * (`acceptanceRate`). Needs the full-data energy: with minibatches the accept test is not exact.
 */
import { defineRule, deltaBuffer, invalid, lrSpec } from './common.ts';
import { temperatureSpec } from './langevin.ts';

export type MalaHyper = { lr: number; temperature: number };
export type MalaState = { step: number; accepted: number; acceptanceRate: number };

export const mala = defineRule<MalaHyper>({
  id: 'mala',
  summary: 'Metropolis-adjusted Langevin (MALA): ULA proposal + accept/reject; exact Boltzmann law, acceptance rate in state',
  params: [lrSpec(1e-2), temperatureSpec],
  check: (h) => { if (h.temperature <= 0) invalid('mala', 'temperature', `got ${h.temperature}; MALA needs T > 0`); },
  build: (id, hyper) => ({
    id, hyper,
    init: (): MalaState => ({ step: 0, accepted: 0, acceptanceRate: 0 }),
    update(ctx, state: MalaState) {
      const { lr, temperature: T } = ctx.hyper;
      const x = ctx.theta, n = x.length, g = ctx.grad(), ux = ctx.loss();
      const delta = deltaBuffer(id, ctx);
      ctx.rng.fillNormal(delta, 0, Math.sqrt(2 * lr * T));
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = x[i]! - lr * g[i]! + delta[i]!;
      const uy = ctx.lossAt(y), gy = ctx.gradAt(y);
      let fwd = 0, bwd = 0; // |y − x + lr∇U(x)|² and |x − y + lr∇U(y)|²
      for (let i = 0; i < n; i++) {
        const a = y[i]! - x[i]! + lr * g[i]!, b = x[i]! - y[i]! + lr * gy[i]!;
        fwd += a * a; bwd += b * b;
      }
      const logAlpha = -(uy - ux) / T - (bwd - fwd) / (4 * lr * T);
      const accept = Number.isFinite(logAlpha) && (logAlpha >= 0 || Math.log(ctx.rng.uniform()) < logAlpha);
      for (let i = 0; i < n; i++) delta[i] = accept ? y[i]! - x[i]! : 0;
      state.step += 1;
      if (accept) state.accepted += 1;
      state.acceptanceRate = state.accepted / state.step;
      return { delta, state };
    },
  }),
});
