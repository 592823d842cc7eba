/**
 * An MLP classifier: logits f(x) = MLP_θ(x) (output layer linear), loss = mean softmax cross-entropy
 * −log softmax(f(xᵢ))_{yᵢ} + ½·l2·‖θ‖², the categorical predictive distribution attached (true Fisher, K-FAC).
 * Registry data: seeded teacher x ~ N(0, I), y ~ softmax(teacher MLP(x)); `mlpClassifier` also takes given data
 * (e.g. the digits of the `mnist` package in the kfac-mnist experiment). θ layout as the `mlp` problem.
 */
import { ConfigError } from '../errors.ts';
import type { Problem, ProblemSpec } from './types.ts';
import { gaussianMatrix } from './data.ts';
import { categoricalFamily } from './predictive.ts';
import { initMlpParams, mlpPredictive, problemFromPredictive, type MlpActivation } from './predictive-models.ts';

/** The classifier problem on given inputs X (n×widths[0]) and integer labels in 0…widths.at(−1)−1. */
export function mlpClassifier(o: { widths: readonly number[]; activation: MlpActivation; X: Float64Array; labels: ArrayLike<number>; l2?: number; id?: string }): Problem {
  const widths = o.widths, n = o.labels.length, K = widths[widths.length - 1]!;
  const predictive = mlpPredictive({ widths, activation: o.activation, X: o.X, Y: Float64Array.from(o.labels), n, family: categoricalFamily(K), l2: o.l2 ?? 0 });
  return problemFromPredictive(o.id ?? 'mlp-classifier', predictive, (rng) => initMlpParams(widths, rng),
    { hooks: { widths: [...widths], X: o.X, labels: o.labels, examples: n } });
}

export const mlpClassifierSpec: ProblemSpec = {
  id: 'mlp-classifier',
  summary: 'MLP softmax classifier (cross-entropy) on seeded teacher data; categorical predictive for the Fisher/K-FAC',
  params: [
    { name: 'widths', kind: 'number[]', default: [4, 16, 3], min: 1, doc: 'layer widths [input, hidden…, classes] (integers; classes ≥ 2)' },
    { name: 'activation', kind: 'enum', values: ['tanh', 'relu', 'sigmoid', 'linear'], default: 'tanh', doc: 'hidden-layer nonlinearity' },
    { name: 'examples', kind: 'integer', default: 200, min: 1, doc: 'number of examples n' },
    { name: 'l2', kind: 'number', default: 0, min: 0, doc: 'ridge penalty ½·l2·‖θ‖²' },
  ],
  create(o, rng) {
    const widths = o.widths as number[];
    widths.forEach((w, i) => { if (!Number.isInteger(w)) throw new ConfigError(`problem.widths[${i}]`, `got ${w}; expected an integer ≥ 1`); });
    if (widths.length < 2 || widths[widths.length - 1]! < 2) throw new ConfigError('problem.widths', `is [${widths.join(', ')}]; expected at least [input, classes] with classes ≥ 2`);
    const n = o.examples as number, din = widths[0]!, K = widths[widths.length - 1]!;
    const X = gaussianMatrix(n, din, rng.fork('x'));
    const teacherWidths = [din, 8, K], teacher = initMlpParams(teacherWidths, rng.fork('teacher'));
    for (let j = 0; j < teacher.length; j++) teacher[j] = 2 * teacher[j]!; // sharper teacher logits
    const tp = mlpPredictive({ widths: teacherWidths, activation: 'tanh', X, Y: new Float64Array(n), n, family: categoricalFamily(K) });
    const logits = tp.linearize(teacher).outputs, u = rng.fork('labels'), labels = new Int32Array(n), p = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, logits[i * K + c]!);
      for (let c = 0; c < K; c++) p[c] = Math.exp(logits[i * K + c]! - max);
      labels[i] = u.categorical(p);
    }
    return mlpClassifier({ widths, activation: o.activation as MlpActivation, X, labels, l2: o.l2 as number });
  },
};
