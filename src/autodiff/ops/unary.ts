/**
 * Unary elementwise ops: neg, scale (by a number), exp, log, tanh, sigmoid, relu, softplus, sqrt, abs.
 * Gradients reuse the forward output where that is cheaper (exp, tanh, sigmoid, sqrt); relu and abs use the
 * PyTorch convention of a zero derivative at 0. Hot rules have a fused raw backward (one loop, written into g
 * itself when the sweep owns it).
 */
import * as T from '../../tensor/index.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { defineOp } from '../op.ts';

const one = T.scalar(1);

export const neg = defineOp<null>({
  name: 'neg',
  forward: ([a]) => T.neg(a!),
  backward: (F, g) => [F.neg(g)],
});

export const scale = defineOp<{ c: number }>({
  name: 'scale',
  forward: ([a], { c }) => T.scale(a!, c),
  backward: (F, g, _i, _o, { c }) => [F.scale(g, c)],
});

export const exp = defineOp<null>({
  name: 'exp',
  forward: ([a]) => T.exp(a!),
  backward: (F, g, _i, out) => [F.mul(g, out)],
});

export const log = defineOp<null>({
  name: 'log',
  forward: ([a]) => T.log(a!),
  backward: (F, g, [a]) => [F.div(g, a!)],
});

export const tanh = defineOp<null>({
  name: 'tanh',
  forward: ([a]) => T.tanh(a!),
  // 1 − tanh²
  backward: (F, g, _i, out) => [F.mul(g, F.sub(F.constant(one), F.mul(out, out)))],
  backwardRaw: (g, _i, out, _a, _n, _s, reuse) => {
    const y = out.data, d = g.data, r = reuse ? d : new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) { const t = y[i]!; r[i] = d[i]! * (1 - t * t); }
    return [reuse ? g : new Tensor(r, out.shape.slice())];
  },
});

export const sigmoid = defineOp<null>({
  name: 'sigmoid',
  forward: ([a]) => T.sigmoid(a!),
  // σ(1 − σ)
  backward: (F, g, _i, out) => [F.mul(g, F.mul(out, F.sub(F.constant(one), out)))],
  backwardRaw: (g, _i, out, _a, _n, _s, reuse) => {
    const y = out.data, d = g.data, r = reuse ? d : new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) { const s = y[i]!; r[i] = d[i]! * s * (1 - s); }
    return [reuse ? g : new Tensor(r, out.shape.slice())];
  },
});

export const relu = defineOp<null>({
  name: 'relu',
  forward: ([a]) => T.relu(a!),
  backward: (F, g, [a]) => [F.mul(g, F.heaviside(a!))],
  backwardRaw: (g, [a], _o, _a, _n, _s, reuse) => {
    const x = a!.data, d = g.data, r = reuse ? d : new Float64Array(x.length);
    // a 0/1 factor instead of a branch: signs of x are unpredictable, so a ternary mispredicts half the time
    for (let i = 0; i < x.length; i++) r[i] = d[i]! * +(x[i]! > 0);
    return [reuse ? g : new Tensor(r, a!.shape.slice())];
  },
});

export const softplus = defineOp<null>({
  name: 'softplus',
  forward: ([a]) => T.softplus(a!),
  backward: (F, g, [a]) => [F.mul(g, F.sigmoid(a!))],
});

export const sqrt = defineOp<null>({
  name: 'sqrt',
  forward: ([a]) => T.sqrt(a!),
  backward: (F, g, _i, out) => [F.div(F.scale(g, 0.5), out)],
});

export const abs = defineOp<null>({
  name: 'abs',
  forward: ([a]) => T.abs(a!),
  backward: (F, g, [a]) => [F.mul(g, F.sign(a!))],
});
