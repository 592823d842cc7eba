/**
 * Underdamped Langevin dynamics (mass 1, friction γ), BAOAB splitting (Leimkuhler & Matthews 2013):
 *
 *   B: p ← p − (lr/2)∇U(θ)    A: θ ← θ + (lr/2)p    O: p ← c·p + √((1 − c²)T)·ξ,  c = e^{−γ·lr}
 *   A: θ ← θ + (lr/2)p        B: p ← p − (lr/2)∇U(θ)
 *
 * The momentum p and the force at the new θ are rule state (one gradient per step); the configurational
 * marginal is exact to O(lr²) and exact for Gaussians at any stable lr. p starts at 0.
 */
import { defineRule, deltaBuffer, lrSpec } from './common.ts';
import { temperatureSpec } from './langevin.ts';

export type BaoabHyper = { lr: number; temperature: number; friction: number };
export type BaoabState = { step: number; momentum: Float64Array; force: Float64Array | null };

export const baoab = defineRule<BaoabHyper>({
  id: 'baoab',
  summary: 'underdamped Langevin (BAOAB splitting, mass 1, friction γ); momentum in state',
  params: [lrSpec(1e-2), temperatureSpec, { name: 'friction', kind: 'number', default: 1, min: 0, doc: 'friction γ (0: Hamiltonian/velocity Verlet)' }],
  build: (id, hyper) => ({
    id, hyper,
    init: (theta): BaoabState => ({ step: 0, momentum: new Float64Array(theta.length), force: null }),
    update(ctx, state: BaoabState) {
      const { lr: h, temperature: T, friction } = ctx.hyper;
      const x = ctx.theta, n = x.length, p = state.momentum;
      // ∇U at θ: reused from the last step's final B when θ has not moved since (it has not, in the runner).
      const g0 = state.force ?? ctx.grad();
      const c = Math.exp(-friction * h), s = Math.sqrt((1 - c * c) * T);
      const delta = deltaBuffer(id, ctx);
      ctx.rng.fillNormal(delta);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let pi = p[i]! - 0.5 * h * g0[i]!;
        const xi = x[i]! + 0.5 * h * pi;
        pi = c * pi + s * delta[i]!;
        y[i] = xi + 0.5 * h * pi;
        p[i] = pi;
      }
      const g1 = Float64Array.from(ctx.gradAt(y));
      for (let i = 0; i < n; i++) { p[i] = p[i]! - 0.5 * h * g1[i]!; delta[i] = y[i]! - x[i]!; }
      state.force = g1;
      state.step += 1;
      return { delta, state };
    },
  }),
});
