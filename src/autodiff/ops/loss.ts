/**
 * Losses with fused gradients: crossEntropy (logits [N, C], integer labels, mean over rows, as
 * torch.nn.functional.cross_entropy) with ∂/∂z = (softmax(z) − onehot(y))/N, and mse = mean((a − b)²).
 */
import * as T from '../../tensor/index.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { defineOp } from '../op.ts';

export const crossEntropy = defineOp<{ labels: Int32Array }>({
  name: 'crossEntropy',
  forward: ([z], { labels }) => T.crossEntropy(z!, labels),
  backward: (F, g, [z], _o, { labels }) => {
    const [N, C] = F.value(z!).shape as [number, number];
    const onehot = new Float64Array(N * C);
    for (let i = 0; i < N; i++) onehot[i * C + labels[i]!] = 1;
    return [F.mul(F.sub(F.softmax(z!, 1), F.constant(new Tensor(onehot, [N, C]))), F.scale(g, 1 / N))];
  },
  backwardRaw: (g, [z], _o, { labels }) => [T.crossEntropyGrad(z!, labels, g.data[0]!)],
});

export const mse = defineOp<null>({
  name: 'mse',
  forward: ([a, b]) => T.mse(a!, b!),
  backward: (F, g, [a, b], _o, _at, needs) => {
    const n = F.value(a!).size;
    const d = F.mul(F.sub(a!, b!), F.scale(g, 2 / n));
    return [needs[0] ? d : null, needs[1] ? F.neg(d) : null];
  },
});
