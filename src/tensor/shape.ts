/**
 * Shape helpers shared by the tensor ops: sizes, row-major strides, NumPy broadcasting
 * (shapes aligned on the right; a dimension of 1 stretches) and the ShapeError messages that name op and shapes.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';

export type Shape = readonly number[];

export function shapeStr(s: Shape): string {
  return s.length === 0 ? 'scalar []' : `[${s.join(', ')}]`;
}

export function sizeOf(s: Shape): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i]!;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Row-major strides (in elements). */
export function stridesOf(s: Shape): number[] {
  const st = new Array<number>(s.length);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) { st[i] = acc; acc *= s[i]!; }
  return st;
}

export function checkShape(op: string, s: Shape): void {
  for (const d of s) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape ${shapeStr(s)} is not accepted; dimensions must be integers ≥ 0`);
  }
}

/** The NumPy broadcast of two shapes, or a ShapeError naming `op`. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${shapeStr(a)} and ${shapeStr(b)} do not broadcast (dimension ${i} from the left of the result: ${da} vs ${db}; each pair must be equal or 1)`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `s` viewed inside the broadcast shape `target` (0 on stretched or missing dimensions). */
export function broadcastStrides(s: Shape, target: Shape): number[] {
  const st = stridesOf(s);
  const off = target.length - s.length;
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < s.length; i++) out[i + off] = s[i] === 1 ? 0 : st[i]!;
  return out;
}

/** Normalises a possibly negative axis for a tensor of rank `rank`. */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}; accepted: ${-rank} … ${rank - 1}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalised, sorted, distinct axes; `undefined` means all axes. */
export function normAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normAxis(op, a, rank)))].sort((x, y) => x - y);
  if (out.length !== list.length) throw new InvalidArgumentError(`${op}: axes [${list.join(', ')}] repeat an axis`);
  return out;
}
