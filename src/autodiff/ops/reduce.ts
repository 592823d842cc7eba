/**
 * Reductions and the broadcast pair: sum and mean over axes (keepdims), max over one axis (the gradient goes
 * to the first maximiser, as numpy.argmax picks it), broadcastTo and sumTo (each the other's adjoint).
 */
import * as T from '../../tensor/index.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { Axes } from '../../tensor/reduce.ts';
import { normAxes, normAxis } from '../../tensor/shape.ts';
import type { Shape } from '../../tensor/shape.ts';
import { defineOp } from '../op.ts';
import type { Ops } from '../op.ts';

function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** g (the reduced gradient) reshaped to keepdims form and broadcast back over the input shape. */
function spread<T>(F: Ops<T>, g: T, inShape: Shape, axes: readonly number[]): T {
  return F.broadcastTo(F.reshape(g, keptShape(inShape, axes)), inShape);
}

export const sum = defineOp<{ axes: Axes; keepdims: boolean }>({
  name: 'sum',
  forward: ([a], { axes, keepdims }) => T.sum(a!, axes, keepdims),
  backward: (F, g, [a], _o, { axes }) => {
    const s = F.value(a!).shape;
    return [spread(F, g, s, normAxes('sum', axes, s.length))];
  },
});

export const mean = defineOp<{ axes: Axes; keepdims: boolean }>({
  name: 'mean',
  forward: ([a], { axes, keepdims }) => T.mean(a!, axes, keepdims),
  backward: (F, g, [a], _o, { axes }) => {
    const s = F.value(a!).shape;
    const ax = normAxes('mean', axes, s.length);
    const count = ax.reduce((n, i) => n * s[i]!, 1);
    return [F.scale(spread(F, g, s, ax), 1 / count)];
  },
});

export const max = defineOp<{ axis: number; keepdims: boolean }>({
  name: 'max',
  forward: ([a], { axis, keepdims }, saved) => {
    const r = T.maxWithIndex(a!, axis, keepdims);
    saved['indices'] = r.indices;
    return r.values;
  },
  backward: (F, g, [a], _o, { axis }, _n, saved) => {
    const s = F.value(a!).shape;
    const ax = normAxis('max', axis, s.length);
    const idx = saved['indices'] as Int32Array;
    const n = s[ax]!, post = s.slice(ax + 1).reduce((x, y) => x * y, 1);
    const mask = new Float64Array(s.reduce((x, y) => x * y, 1));
    for (let j = 0; j < idx.length; j++) {
      const p = Math.floor(j / post), q = j % post;
      mask[(p * n + idx[j]!) * post + q] = 1;
    }
    return [F.mul(spread(F, g, s, [ax]), F.constant(new Tensor(mask, s.slice())))];
  },
});

export const broadcastTo = defineOp<{ shape: Shape }>({
  name: 'broadcastTo',
  forward: ([a], { shape }) => T.broadcastTo(a!, shape),
  backward: (F, g, [a]) => [F.sumTo(g, F.value(a!).shape)],
});

export const sumTo = defineOp<{ shape: Shape }>({
  name: 'sumTo',
  forward: ([a], { shape }) => T.sumTo(a!, shape),
  backward: (F, g, [a]) => [F.broadcastTo(g, F.value(a!).shape)],
});
