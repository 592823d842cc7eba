// The hand-written gradients of the MLP and softmax-regression problems against the autodiff tape on the same data.
import { test } from 'node:test';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import * as A from '../../src/autodiff/index.ts';
import { fromData } from '../../src/tensor/index.ts';
import type { Tensor } from '../../src/tensor/index.ts';
import { assertClose } from './helpers.ts';

test('mlp: loss and gradient equal the autodiff tape (tanh, relu, sigmoid)', () => {
  for (const activation of ['tanh', 'relu', 'sigmoid'] as const) {
    const widths = [3, 6, 4, 2];
    const p = createProblem({ id: 'mlp', widths, activation, examples: 15, noise: 0.05 }, createRng(21));
    const h = p.hooks as { X: Float64Array; Y: Float64Array; layout: { w: number[]; b: number[] } };
    const theta = p.init(createRng(22)).map((v, i) => v + 0.05 * Math.sin(i)); // non-zero biases
    const params: Tensor[] = [];
    for (let l = 0; l + 1 < widths.length; l++) {
      const nin = widths[l]!, nout = widths[l + 1]!;
      params.push(fromData(theta.slice(h.layout.w[l]!, h.layout.w[l]! + nin * nout), [nout, nin]));
      params.push(fromData(theta.slice(h.layout.b[l]!, h.layout.b[l]! + nout), [nout]));
    }
    const X = fromData(h.X, [15, 3]), Y = fromData(h.Y, [15, 2]);
    const act = { tanh: A.tanh, relu: A.relu, sigmoid: A.sigmoid }[activation];
    const f = (ps: A.Var[]) => {
      let z: A.Var = A.lift(X);
      for (let l = 0; 2 * l < ps.length; l++) {
        z = A.add(A.matmul(z, ps[2 * l]!, false, true), ps[2 * l + 1]!);
        if (2 * l + 2 < ps.length) z = act(z);
      }
      return A.scale(A.sum(A.square(A.sub(z, Y))), 0.5 / 15);
    };
    const ad = A.valueAndGrad(f)(params);
    const flat = new Float64Array(p.dim);
    ad.grad.forEach((g, j) => flat.set(g.data, j % 2 === 0 ? h.layout.w[j / 2]! : h.layout.b[(j - 1) / 2]!));
    const mine = p.valueAndGrad!(theta);
    assertClose([mine.value], [ad.value], 1e-14, `${activation} loss`);
    assertClose(mine.grad, flat, 1e-13, `${activation} grad`);
  }
});

test('softmax-regression: loss and gradient equal autodiff crossEntropy', () => {
  const p = createProblem({ id: 'softmax-regression', examples: 25, dim: 4, classes: 3 }, createRng(5));
  const h = p.hooks as { X: Float64Array; labels: Int32Array };
  const theta = createRng(6).fillNormal(new Float64Array(p.dim));
  const W = fromData(theta.slice(0, 12), [3, 4]), b = fromData(theta.slice(12), [3]);
  const X = fromData(h.X, [25, 4]);
  const ad = A.valueAndGrad((ps: A.Var[]) => A.crossEntropy(A.add(A.matmul(X, ps[0]!, false, true), ps[1]!), h.labels))([W, b]);
  const mine = p.valueAndGrad!(theta);
  assertClose([mine.value], [ad.value], 1e-14, 'softmax loss');
  const flat = new Float64Array(15);
  flat.set(ad.grad[0]!.data, 0); flat.set(ad.grad[1]!.data, 12);
  assertClose(mine.grad, flat, 1e-14, 'softmax grad');
});
