/**
 * A fully connected network trained on teacher–student regression: L(θ) = ½·mean_i ‖f_θ(xᵢ) − yᵢ‖², with
 * x ~ N(0, I) and y = teacher(x) + noise·ε, the teacher an MLP of the same activation and seeded weights.
 * θ packs each layer as W_l (out×in, row-major) then b_l; LeCun-normal init W ~ N(0, 1/in), b = 0 (standard
 * parametrisation). The backward pass is hand-written (one matrix per layer) and exposed as a hook that accepts
 * other feedback matrices in place of Wᵀ, for feedback alignment (Lillicrap et al. 2016).
 */
import { ConfigError } from '../errors.ts';
import type { Batch, ProblemSpec } from './types.ts';
import type { Rng } from '../random/types.ts';
import { batchIndices, checkTheta, gaussianMatrix } from './data.ts';
import { gaussianFamily } from './predictive.ts';
import { mlpPredictive } from './predictive-models.ts';

type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';

const ACT: Record<Activation, { f(z: number): number; df(z: number, a: number): number }> = {
  tanh: { f: Math.tanh, df: (_z, a) => 1 - a * a },
  relu: { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), df: (_z, a) => a * (1 - a) },
  linear: { f: (z) => z, df: () => 1 },
};

/** Parameter layout of an MLP with these widths: offsets of W_l and b_l in θ, and the total count. */
export function mlpLayout(widths: readonly number[]): { w: number[]; b: number[]; size: number } {
  const w: number[] = [], b: number[] = [];
  let off = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    w.push(off); off += widths[l]! * widths[l + 1]!;
    b.push(off); off += widths[l + 1]!;
  }
  return { w, b, size: off };
}

/** LeCun-normal weights, zero biases. */
function initMlp(widths: readonly number[], rng: Rng): Float64Array {
  const lay = mlpLayout(widths), theta = new Float64Array(lay.size);
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l]!, std = 1 / Math.sqrt(fanIn);
    const w = theta.subarray(lay.w[l]!, lay.w[l]! + fanIn * widths[l + 1]!);
    rng.fillNormal(w, 0, std);
  }
  return theta;
}

export const mlp: ProblemSpec = {
  id: 'mlp',
  summary: 'MLP regression ½·mean ‖f(x) − y‖² on teacher–student data (configurable widths and activation)',
  params: [
    { name: 'widths', kind: 'number[]', default: [4, 16, 1], min: 1, doc: 'layer widths [input, hidden…, output] (integers ≥ 1, at least 2 entries)' },
    { name: 'activation', kind: 'enum', values: ['tanh', 'relu', 'sigmoid', 'linear'], default: 'tanh', doc: 'hidden-layer nonlinearity (the output layer is linear)' },
    { name: 'teacherHidden', kind: 'number[]', default: [8], min: 1, doc: "hidden widths of the teacher network ([] for a linear teacher)" },
    { name: 'examples', kind: 'integer', default: 200, min: 1, doc: 'number of examples n' },
    { name: 'noise', kind: 'number', default: 0, min: 0, doc: 'standard deviation of the label noise' },
  ],
  create(o, rng) {
    const id = 'mlp';
    const widths = o.widths as number[], hidden = o.teacherHidden as number[];
    if (widths.length < 2) throw new ConfigError('problem.widths', `has ${widths.length} entries; expected at least 2 ([input, output])`);
    widths.forEach((w, i) => { if (!Number.isInteger(w)) throw new ConfigError(`problem.widths[${i}]`, `got ${w}; expected an integer ≥ 1`); });
    hidden.forEach((w, i) => { if (!Number.isInteger(w)) throw new ConfigError(`problem.teacherHidden[${i}]`, `got ${w}; expected an integer ≥ 1`); });
    const act = ACT[o.activation as Activation];
    const n = o.examples as number, din = widths[0]!, dout = widths[widths.length - 1]!;
    const L = widths.length - 1, lay = mlpLayout(widths);
    const maxW = Math.max(...widths);

    // forward pass of a network with `ws` widths on example row x; fills zs/as per layer, returns output layer
    const forward = (ws: readonly number[], ly: ReturnType<typeof mlpLayout>, theta: Float64Array, x: Float64Array,
      zs: Float64Array[], as: Float64Array[]) => {
      as[0]!.set(x);
      for (let l = 0; l + 1 < ws.length; l++) {
        const nin = ws[l]!, nout = ws[l + 1]!, last = l + 2 === ws.length;
        const W = ly.w[l]!, B = ly.b[l]!, a = as[l]!, z = zs[l + 1]!, next = as[l + 1]!;
        for (let r = 0; r < nout; r++) {
          let s = theta[B + r]!;
          for (let c = 0; c < nin; c++) s += theta[W + r * nin + c]! * a[c]!;
          z[r] = s;
          next[r] = last ? s : act.f(s);
        }
      }
      return as[ws.length - 1]!;
    };
    const buffers = (ws: readonly number[]) => ({
      zs: ws.map((w) => new Float64Array(w)),
      as: ws.map((w) => new Float64Array(w)),
    });

    // teacher data
    const X = gaussianMatrix(n, din, rng.fork('x'));
    const tw = [din, ...hidden, dout], tl = mlpLayout(tw);
    const teacher = initMlp(tw, rng.fork('teacher'));
    const eps = rng.fork('noise').fillNormal(new Float64Array(n * dout));
    const Y = new Float64Array(n * dout);
    {
      const bt = buffers(tw);
      for (let i = 0; i < n; i++) {
        const out = forward(tw, tl, teacher, X.subarray(i * din, (i + 1) * din), bt.zs, bt.as);
        for (let k = 0; k < dout; k++) Y[i * dout + k] = out[k]! + (o.noise as number) * eps[i * dout + k]!;
      }
    }

    const buf = buffers(widths);
    const delta = [new Float64Array(maxW), new Float64Array(maxW)];
    const eOut = new Float64Array(dout);
    /**
     * Loss and gradient; `feedback[l]` (out×in like W_l) replaces W_l in the backward pass when given; `direct[l]`
     * (widths[l]×dout) sends the output error straight to hidden layer l instead (direct feedback alignment).
     */
    const backward = (theta: Float64Array, batch: Batch, out?: Float64Array, feedback?: readonly (Float64Array | undefined)[],
      direct?: readonly (Float64Array | undefined)[]) => {
      checkTheta(id, theta, lay.size);
      const idx = batchIndices(id, batch, n), m = idx.length;
      const g = out ?? new Float64Array(lay.size);
      g.fill(0);
      let v = 0;
      for (let k = 0; k < m; k++) {
        const i = idx[k]!;
        const f = forward(widths, lay, theta, X.subarray(i * din, (i + 1) * din), buf.zs, buf.as);
        let cur = delta[0]!, prev = delta[1]!;
        for (let r = 0; r < dout; r++) { const e = f[r]! - Y[i * dout + r]!; v += e * e; cur[r] = e / m; }
        if (direct) eOut.set(cur.subarray(0, dout));
        for (let l = L - 1; l >= 0; l--) {
          const nin = widths[l]!, nout = widths[l + 1]!, W = lay.w[l]!, B = lay.b[l]!, a = buf.as[l]!;
          for (let r = 0; r < nout; r++) {
            const dr = cur[r]!;
            g[B + r] = g[B + r]! + dr;
            for (let c = 0; c < nin; c++) g[W + r * nin + c] = g[W + r * nin + c]! + dr * a[c]!;
          }
          if (l === 0) break;
          const fb = feedback?.[l], dd = direct?.[l];
          const z = buf.zs[l]!;
          for (let c = 0; c < nin; c++) {
            let s = 0;
            if (dd) for (let r = 0; r < dout; r++) s += dd[c * dout + r]! * eOut[r]!;
            else for (let r = 0; r < nout; r++) s += (fb ? fb[r * nin + c]! : theta[W + r * nin + c]!) * cur[r]!;
            prev[c] = s * act.df(z[c]!, a[c]!);
          }
          [cur, prev] = [prev, cur];
        }
      }
      return { value: 0.5 * v / m, grad: g };
    };

    return {
      id,
      dim: lay.size,
      examples: n,
      init: (r) => initMlp(widths, r),
      loss: (theta, batch) => backward(theta, batch).value,
      grad: (theta, batch, out) => backward(theta, batch, out).grad,
      valueAndGrad: (theta, batch, out) => backward(theta, batch, out),
      // ½‖f − y‖² is −log N(y; f, I) up to a constant, so the Fisher is that of a unit-variance Gaussian
      predictive: mlpPredictive({ widths, activation: o.activation as Activation, X, Y, n, family: gaussianFamily(dout, 1) }),
      hooks: {
        widths: [...widths],
        activation: o.activation as Activation,
        layout: lay,
        X, Y, examples: n,
        /** The network output for input x (length widths[0]). */
        predict: (theta: Float64Array, x: Float64Array) => Float64Array.from(forward(widths, lay, theta, x, buf.zs, buf.as)),
        /** Backward pass with feedback matrices B_l (out×in, for l ≥ 1) in place of W_lᵀ (feedback alignment). */
        feedbackGrad: (theta: Float64Array, batch: Batch, feedback: readonly (Float64Array | undefined)[]) => backward(theta, batch, undefined, feedback),
        /** Backward pass with the output error sent to hidden layer l through D_l (widths[l]×dout), for l ≥ 1 (direct feedback alignment). */
        directFeedbackGrad: (theta: Float64Array, batch: Batch, direct: readonly (Float64Array | undefined)[]) => backward(theta, batch, undefined, undefined, direct),
      },
    };
  },
};
