/**
 * Models behind the `predictive` hooks: a linear (GLM) model f = W x + b and a fully connected network, each
 * with cached batched forward passes and Jacobian products J·v (forward mode, Pearlmutter's R-op) and Jᵀ·u
 * (reverse mode), matrix-at-a-time through the active kernels' gemm. `problemFromPredictive` turns a predictive
 * into a Problem whose loss is the mean negative log-likelihood plus ½·l2·‖θ‖².
 * θ layouts: linear [W (K×d) row-major, b (K) when bias]; MLP per layer W_l (out×in, row-major) then b_l.
 */
import { InvalidArgumentError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import type { Rng } from '../random/types.ts';
import type { Batch, Problem } from './types.ts';
import { checkDim, exampleIndices, nllAndGrad, type Family, type Linearization, type Predictive } from './predictive.ts';

/** Rows `idx` of an n×c row-major matrix. */
function gatherRows(A: Float64Array, c: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * c);
  for (let k = 0; k < idx.length; k++) out.set(A.subarray(idx[k]! * c, (idx[k]! + 1) * c), k * c);
  return out;
}

/** A GLM: f(x) = W x (+ b), K = family.outputs, with inputs X (n×d) and targets Y (n×T). */
export function linearPredictive(o: { X: Float64Array; Y: Float64Array; n: number; d: number; family: Family; bias: boolean; l2?: number }): Predictive {
  const { X, Y, n, d, family, bias } = o, K = family.outputs, T = family.targets;
  const dim = K * d + (bias ? K : 0);
  return {
    family, examples: n, dim, l2: o.l2 ?? 0,
    linearize(theta, batch?: Batch): Linearization {
      checkDim('linearPredictive', theta, dim);
      const idx = exampleIndices('linearPredictive', batch, n), m = idx.length;
      const Xb = batch === undefined ? X : gatherRows(X, d, idx);
      const apply = (w: Float64Array) => {
        const f = new Float64Array(m * K);
        for (let i = 0; i < m; i++) for (let c = 0; c < K; c++) {
          let s = bias ? w[K * d + c]! : 0;
          for (let j = 0; j < d; j++) s += w[c * d + j]! * Xb[i * d + j]!;
          f[i * K + c] = s;
        }
        return f;
      };
      return {
        m,
        outputs: apply(theta),
        targets: batch === undefined ? Y : gatherRows(Y, T, idx),
        jvp: apply, // f is linear in θ, so J·v = f(v) with the same inputs
        vjp(u, out) {
          const g = out ?? new Float64Array(dim);
          g.fill(0);
          for (let i = 0; i < m; i++) for (let c = 0; c < K; c++) {
            const ui = u[i * K + c]!;
            if (ui === 0) continue;
            for (let j = 0; j < d; j++) g[c * d + j] = g[c * d + j]! + ui * Xb[i * d + j]!;
            if (bias) g[K * d + c] = g[K * d + c]! + ui;
          }
          return g;
        },
      };
    },
  };
}

export type MlpActivation = 'tanh' | 'relu' | 'sigmoid' | 'linear';

/** a = act(z) in place over z; returns a. */
function activate(kind: MlpActivation, z: Float64Array, a: Float64Array): void {
  const n = z.length;
  if (kind === 'relu') for (let i = 0; i < n; i++) { const v = z[i]!; a[i] = v > 0 ? v : 0; }
  else if (kind === 'tanh') for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
  else if (kind === 'sigmoid') for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
  else a.set(z);
}
/** x ← x ⊙ act'(z) (a = act(z) given for tanh/sigmoid). */
function mulDerivative(kind: MlpActivation, z: Float64Array, a: Float64Array, x: Float64Array): void {
  const n = x.length;
  if (kind === 'relu') for (let i = 0; i < n; i++) { if (!(z[i]! > 0)) x[i] = 0; }
  else if (kind === 'tanh') for (let i = 0; i < n; i++) x[i] = x[i]! * (1 - a[i]! * a[i]!);
  else if (kind === 'sigmoid') for (let i = 0; i < n; i++) x[i] = x[i]! * a[i]! * (1 - a[i]!);
}

/** Offsets of W_l and b_l in θ (same layout as the `mlp` problem) and the parameter count. */
export function mlpOffsets(widths: readonly number[]): { w: number[]; b: number[]; size: number } {
  const w: number[] = [], b: number[] = [];
  let off = 0;
  for (let l = 0; l + 1 < widths.length; l++) { w.push(off); off += widths[l]! * widths[l + 1]!; b.push(off); off += widths[l + 1]!; }
  return { w, b, size: off };
}

/** An MLP f(x) (output layer linear, K = widths.at(−1) = family.outputs) on inputs X (n×widths[0]) and targets Y. */
export function mlpPredictive(o: { widths: readonly number[]; activation: MlpActivation; X: Float64Array; Y: Float64Array; n: number; family: Family; l2?: number }): Predictive {
  const { widths, activation, X, Y, n, family } = o;
  const L = widths.length - 1, lay = mlpOffsets(widths), din = widths[0]!, K = widths[L]!, T = family.targets;
  if (K !== family.outputs) throw new InvalidArgumentError(`mlpPredictive: output width ${K} but the ${family.kind} family needs ${family.outputs} outputs`);
  const k = kernels();
  // one layer: out (m×nout) ← inp (m×nin)·W_lᵀ + b_l
  const affine = (w: Float64Array, l: number, inp: Float64Array, m: number, withBias: boolean): Float64Array => {
    const nin = widths[l]!, nout = widths[l + 1]!, out = new Float64Array(m * nout);
    if (withBias) { const b = w.subarray(lay.b[l]!, lay.b[l]! + nout); for (let i = 0; i < m; i++) out.set(b, i * nout); }
    k.gemm(false, true, m, nout, nin, 1, inp, w.subarray(lay.w[l]!, lay.w[l]! + nout * nin), withBias ? 1 : 0, out);
    return out;
  };
  return {
    family, examples: n, dim: lay.size, l2: o.l2 ?? 0,
    linearize(theta, batch?: Batch): Linearization {
      checkDim('mlpPredictive', theta, lay.size);
      const idx = exampleIndices('mlpPredictive', batch, n), m = idx.length;
      const inputs: Float64Array[] = [batch === undefined ? X : gatherRows(X, din, idx)];
      const zs: Float64Array[] = [];
      for (let l = 0; l < L; l++) {
        const z = affine(theta, l, inputs[l]!, m, true);
        zs.push(z);
        if (l + 1 < L) { const a = new Float64Array(z.length); activate(activation, z, a); inputs.push(a); }
      }
      const backprop = (u: Float64Array): Float64Array[] => {
        const s: Float64Array[] = new Array(L);
        let cur = u;
        for (let l = L - 1; l >= 0; l--) {
          s[l] = cur;
          if (l === 0) break;
          const nin = widths[l]!, nout = widths[l + 1]!, prev = new Float64Array(m * nin);
          k.gemm(false, false, m, nin, nout, 1, cur, theta.subarray(lay.w[l]!, lay.w[l]! + nout * nin), 0, prev);
          mulDerivative(activation, zs[l - 1]!, inputs[l]!, prev);
          cur = prev;
        }
        return s;
      };
      return {
        m,
        outputs: zs[L - 1]!,
        targets: batch === undefined ? Y : gatherRows(Y, T, idx),
        jvp(v) {
          checkDim('mlpPredictive.jvp', v, lay.size);
          let da: Float64Array = new Float64Array(0);
          for (let l = 0; l < L; l++) {
            const dz = affine(v, l, inputs[l]!, m, true); // dW_l·a_l + db_l
            if (l > 0) {
              const nin = widths[l]!, nout = widths[l + 1]!;
              k.gemm(false, true, m, nout, nin, 1, da, theta.subarray(lay.w[l]!, lay.w[l]! + nout * nin), 1, dz);
            }
            if (l + 1 === L) return dz;
            mulDerivative(activation, zs[l]!, inputs[l + 1]!, dz);
            da = dz;
          }
          return da;
        },
        vjp(u, out) {
          const g = out ?? new Float64Array(lay.size);
          const s = backprop(u);
          for (let l = 0; l < L; l++) {
            const nin = widths[l]!, nout = widths[l + 1]!, sl = s[l]!;
            k.gemm(true, false, nout, nin, m, 1, sl, inputs[l]!, 0, g.subarray(lay.w[l]!, lay.w[l]! + nout * nin));
            const gb = g.subarray(lay.b[l]!, lay.b[l]! + nout);
            gb.fill(0);
            for (let i = 0; i < m; i++) for (let r = 0; r < nout; r++) gb[r] = gb[r]! + sl[i * nout + r]!;
          }
          return g;
        },
        layers: { widths, offsets: lay, inputs, backprop },
      };
    },
  };
}

/** LeCun-normal weights W ~ N(0, 1/in), zero biases (the `mlp` problem's initialisation). */
export function initMlpParams(widths: readonly number[], rng: Rng): Float64Array {
  const lay = mlpOffsets(widths), theta = new Float64Array(lay.size);
  for (let l = 0; l + 1 < widths.length; l++) {
    rng.fillNormal(theta.subarray(lay.w[l]!, lay.w[l]! + widths[l]! * widths[l + 1]!), 0, 1 / Math.sqrt(widths[l]!));
  }
  return theta;
}

/** A Problem whose loss is mean −log p(yᵢ | f(xᵢ, θ)) + ½·l2·‖θ‖², with the predictive hook attached. */
export function problemFromPredictive(id: string, predictive: Predictive, init: (rng: Rng) => Float64Array,
  extra: Partial<Problem> = {}): Problem {
  const l2 = predictive.l2;
  const valueAndGrad = (theta: Float64Array, batch?: Batch, out?: Float64Array) => {
    const r = nllAndGrad(predictive.family, predictive.linearize(theta, batch), out);
    if (l2 === 0) return r;
    let reg = 0;
    for (let j = 0; j < theta.length; j++) { reg += theta[j]! ** 2; r.grad[j] = r.grad[j]! + l2 * theta[j]!; }
    return { value: r.value + 0.5 * l2 * reg, grad: r.grad };
  };
  return {
    id,
    dim: predictive.dim,
    examples: predictive.examples,
    init,
    loss: (theta, batch) => valueAndGrad(theta, batch).value,
    grad: (theta, batch, out) => valueAndGrad(theta, batch, out).grad,
    valueAndGrad,
    predictive,
    ...extra,
  };
}
