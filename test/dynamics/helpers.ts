/** Tiny local rules for runner tests (independent of the rules registry). */
import type { Rule } from '../../src/rules/types.ts';

/** θ ← θ − lr·∇L. */
export function localGd(lr: number): Rule<null, { lr: number }> {
  return {
    id: 'local-gd', hyper: { lr },
    init: () => null,
    update(ctx) {
      const g = ctx.grad();
      return { delta: g.map((v) => -ctx.hyper.lr * v), state: null };
    },
  };
}

/** Heavy ball in torch form: b ← μb + g, θ ← θ − lr·b (state: the buffer and a step count). */
export function localMomentum(lr: number, mu: number): Rule<{ b: number[]; n: number }, { lr: number; mu: number }> {
  return {
    id: 'local-momentum', hyper: { lr, mu },
    init: (theta) => ({ b: new Array<number>(theta.length).fill(0), n: 0 }),
    update(ctx, s) {
      const g = ctx.grad();
      const b = s.b.map((v, i) => ctx.hyper.mu * v + g[i]!);
      return { delta: Float64Array.from(b, (v) => -ctx.hyper.lr * v), state: { b, n: s.n + 1 } };
    },
  };
}
