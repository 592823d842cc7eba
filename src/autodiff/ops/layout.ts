/**
 * Layout ops and their adjoints: reshape ↔ reshape, transpose ↔ inverse permutation, slice ↔ unslice
 * (zero padding), concat → slices, gather ↔ scatterAdd (by integer index; the matrix-completion workhorse).
 */
import * as T from '../../tensor/index.ts';
import type { Ranges } from '../../tensor/layout.ts';
import { normAxis } from '../../tensor/shape.ts';
import type { Shape } from '../../tensor/shape.ts';
import { defineOp } from '../op.ts';

export const reshape = defineOp<{ shape: Shape }>({
  name: 'reshape',
  forward: ([a], { shape }) => T.reshape(a!, shape),
  backward: (F, g, [a]) => [F.reshape(g, F.value(a!).shape)],
});

export const transpose = defineOp<{ perm: readonly number[] }>({
  name: 'transpose',
  forward: ([a], { perm }) => T.transpose(a!, perm),
  backward: (F, g, _i, _o, { perm }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => { inv[p] = i; });
    return [F.transpose(g, inv)];
  },
});

export const slice = defineOp<{ ranges: Ranges }>({
  name: 'slice',
  forward: ([a], { ranges }) => T.slice(a!, ranges),
  backward: (F, g, [a], _o, { ranges }) => [F.unslice(g, F.value(a!).shape, ranges)],
});

export const unslice = defineOp<{ shape: Shape; ranges: Ranges }>({
  name: 'unslice',
  forward: ([a], { shape, ranges }) => T.unslice(a!, shape, ranges),
  backward: (F, g, _i, _o, { ranges }) => [F.slice(g, ranges)],
});

export const concat = defineOp<{ axis: number }>({
  name: 'concat',
  forward: (inputs, { axis }) => T.concat(inputs, axis),
  backward: (F, g, inputs, _o, { axis }, needs) => {
    const shape = F.value(g).shape;
    const ax = normAxis('concat', axis, shape.length);
    let at = 0;
    return inputs.map((x, i) => {
      const w = F.value(x).shape[ax]!;
      const ranges = shape.map((d, k) => (k === ax ? [at, at + w] : [0, d]) as [number, number]);
      at += w;
      return needs[i] ? F.slice(g, ranges) : null;
    });
  },
});

export const gather = defineOp<{ idx: Int32Array; axis: number }>({
  name: 'gather',
  forward: ([a], { idx, axis }) => T.gather(a!, idx, axis),
  backward: (F, g, [a], _o, { idx, axis }) => {
    const s = F.value(a!).shape;
    return [F.scatterAdd(g, idx, s[normAxis('gather', axis, s.length)]!, axis)];
  },
});

export const scatterAdd = defineOp<{ idx: Int32Array; size: number; axis: number }>({
  name: 'scatterAdd',
  forward: ([a], { idx, size, axis }) => T.scatterAdd(a!, idx, size, axis),
  backward: (F, g, _i, _o, { idx, axis }) => [F.gather(g, idx, axis)],
});
