/**
 * Softmax family along one axis (default the last), computed with the max shifted out so nothing overflows:
 * logsumexp, softmax, logSoftmax; and the losses crossEntropy (integer labels, mean over rows, as
 * torch.nn.functional.cross_entropy) and mse (mean of squared differences, as torch's MSELoss).
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { allocOutput } from '../kernels/index.ts';
import { Tensor } from './tensor.ts';
import { normAxis, sameShape, shapeStr, sizeOf } from './shape.ts';

function split3(a: Tensor, axis: number, op: string): [number, number, number, number] {
  const ax = normAxis(op, axis, a.rank);
  const n = a.shape[ax]!;
  if (n === 0) throw new ShapeError(`${op}: axis ${axis} of ${shapeStr(a.shape)} is empty`);
  return [ax, sizeOf(a.shape.slice(0, ax)), n, sizeOf(a.shape.slice(ax + 1))];
}

/** log Σ exp(a) along `axis`. */
export function logsumexp(a: Tensor, axis = -1, keepdims = false): Tensor {
  const [ax, pre, n, post] = split3(a, axis, 'logsumexp');
  const x = a.data, out = new Float64Array(pre * post);
  for (let p = 0; p < pre; p++) for (let q = 0; q < post; q++) {
    const base = p * n * post + q;
    let m = -Infinity;
    for (let k = 0; k < n; k++) { const v = x[base + k * post]!; if (v > m) m = v; }
    if (m === -Infinity) { out[p * post + q] = -Infinity; continue; }
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(x[base + k * post]! - m);
    out[p * post + q] = m + Math.log(s);
  }
  const shape = keepdims ? a.shape.map((d, i) => (i === ax ? 1 : d)) : a.shape.filter((_, i) => i !== ax);
  return new Tensor(out, shape);
}

/** exp(a − logsumexp(a)) along `axis`; with `log`, a − logsumexp(a). */
function softmaxImpl(a: Tensor, axis: number, log: boolean): Tensor {
  const [, pre, n, post] = split3(a, axis, log ? 'logSoftmax' : 'softmax');
  const x = a.data, out = allocOutput(x.length); // every entry written below
  if (post === 1) { // contiguous rows: the common [batch, classes] case
    for (let p = 0; p < pre; p++) {
      const base = p * n;
      let m = -Infinity;
      for (let k = 0; k < n; k++) { const v = x[base + k]!; if (v > m) m = v; }
      let s = 0;
      for (let k = 0; k < n; k++) { const e = Math.exp(x[base + k]! - m); out[base + k] = e; s += e; }
      if (log) { const l = m + Math.log(s); for (let k = 0; k < n; k++) out[base + k] = x[base + k]! - l; }
      else { const inv = 1 / s; for (let k = 0; k < n; k++) out[base + k] = out[base + k]! * inv; }
    }
    return new Tensor(out, a.shape.slice());
  }
  for (let p = 0; p < pre; p++) for (let q = 0; q < post; q++) {
    const base = p * n * post + q;
    let m = -Infinity;
    for (let k = 0; k < n; k++) { const v = x[base + k * post]!; if (v > m) m = v; }
    let s = 0;
    for (let k = 0; k < n; k++) { const e = Math.exp(x[base + k * post]! - m); out[base + k * post] = e; s += e; }
    const l = m + Math.log(s);
    for (let k = 0; k < n; k++) {
      const i = base + k * post;
      out[i] = log ? x[i]! - l : out[i]! / s;
    }
  }
  return new Tensor(out, a.shape.slice());
}

export const softmax = (a: Tensor, axis = -1): Tensor => softmaxImpl(a, axis, false);
export const logSoftmax = (a: Tensor, axis = -1): Tensor => softmaxImpl(a, axis, true);

/** Checks labels for `logits` of shape [N, C]: N integers in 0 … C−1. */
export function checkLabels(op: string, logits: Tensor, labels: Int32Array): void {
  if (logits.rank !== 2) throw new ShapeError(`${op}: logits ${shapeStr(logits.shape)} must be 2-D [batch, classes]`);
  const [N, C] = logits.shape as [number, number];
  if (labels.length !== N) throw new ShapeError(`${op}: ${labels.length} labels for logits ${shapeStr(logits.shape)}; need one per row (${N})`);
  for (let i = 0; i < N; i++) {
    const y = labels[i]!;
    if (y < 0 || y >= C) throw new InvalidArgumentError(`${op}: labels[${i}] = ${y} is out of range; accepted class indices 0 … ${C - 1}`);
  }
}

/** mean_i (logsumexp(z_i) − z_i[y_i]) for logits z of shape [N, C] and labels y (a scalar tensor). */
export function crossEntropy(logits: Tensor, labels: Int32Array): Tensor {
  checkLabels('crossEntropy', logits, labels);
  const [N, C] = logits.shape as [number, number];
  const lse = logsumexp(logits, 1).data;
  let s = 0;
  for (let i = 0; i < N; i++) s += lse[i]! - logits.data[i * C + labels[i]!]!;
  return new Tensor(Float64Array.of(N === 0 ? NaN : s / N), []);
}

/** ∂ crossEntropy / ∂ logits times the upstream scalar g: g·(softmax(z) − onehot(y))/N, in one pass. */
export function crossEntropyGrad(logits: Tensor, labels: Int32Array, g: number): Tensor {
  const [N, C] = logits.shape as [number, number];
  const p = softmax(logits, 1);
  const d = p.data, c = g / N;
  for (let i = 0; i < N; i++) {
    const base = i * C;
    d[base + labels[i]!] = d[base + labels[i]!]! - 1;
    for (let k = 0; k < C; k++) d[base + k] = d[base + k]! * c;
  }
  return p;
}

/** mean((a − b)²) over all elements (same shapes; a scalar tensor). */
export function mse(a: Tensor, b: Tensor): Tensor {
  if (!sameShape(a.shape, b.shape)) throw new ShapeError(`mse: shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} differ; mse needs equal shapes`);
  const x = a.data, y = b.data;
  let s = 0;
  for (let i = 0; i < x.length; i++) { const r = x[i]! - y[i]!; s += r * r; }
  return new Tensor(Float64Array.of(x.length === 0 ? NaN : s / x.length), []);
}
