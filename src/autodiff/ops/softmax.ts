/**
 * logsumexp, softmax, logSoftmax along one axis. Gradients:
 *   ∂ lse = softmax(x) · g,   ∂ softmax = y ⊙ (g − Σ g⊙y),   ∂ logSoftmax = g − softmax(x) · Σ g.
 */
import * as T from '../../tensor/index.ts';
import { normAxis } from '../../tensor/shape.ts';
import { defineOp } from '../op.ts';

export const logsumexp = defineOp<{ axis: number; keepdims: boolean }>({
  name: 'logsumexp',
  forward: ([a], { axis, keepdims }) => T.logsumexp(a!, axis, keepdims),
  backward: (F, g, [a], _o, { axis }) => {
    const s = F.value(a!).shape;
    const ax = normAxis('logsumexp', axis, s.length);
    const gk = F.reshape(g, s.map((d, i) => (i === ax ? 1 : d)));
    return [F.mul(F.broadcastTo(gk, s), F.softmax(a!, ax))];
  },
});

export const softmax = defineOp<{ axis: number }>({
  name: 'softmax',
  forward: ([a], { axis }) => T.softmax(a!, axis),
  backward: (F, g, _i, out, { axis }) => [F.mul(out, F.sub(g, F.sum(F.mul(g, out), axis, true)))],
});

export const logSoftmax = defineOp<{ axis: number }>({
  name: 'logSoftmax',
  forward: ([a], { axis }) => T.logSoftmax(a!, axis),
  backward: (F, g, _i, out, { axis }) => [F.sub(g, F.mul(F.exp(out), F.sum(g, axis, true)))],
});
