/**
 * Matrix product C = op(A)·op(B) (2-D or batched 3-D). Both gradients are again products with transpose
 * flags, so the backward pass calls gemm directly and never materialises a transpose:
 *   C = A B:   dA = g Bᵀ,  dB = Aᵀ g        C = A Bᵀ:   dA = g B,   dB = gᵀ A
 *   C = Aᵀ B:  dA = B gᵀ,  dB = A g         C = Aᵀ Bᵀ:  dA = Bᵀ gᵀ, dB = gᵀ Aᵀ
 */
import * as T from '../../tensor/index.ts';
import { defineOp } from '../op.ts';

export const matmul = defineOp<{ transA: boolean; transB: boolean }>({
  name: 'matmul',
  forward: ([a, b], { transA, transB }) => T.matmul(a!, b!, transA, transB),
  backward: (F, g, [a, b], _o, { transA, transB }, needs) => {
    let da = null, db = null;
    if (!transA && !transB) {
      if (needs[0]) da = F.matmul(g, b!, false, true);
      if (needs[1]) db = F.matmul(a!, g, true, false);
    } else if (!transA && transB) {
      if (needs[0]) da = F.matmul(g, b!, false, false);
      if (needs[1]) db = F.matmul(g, a!, true, false);
    } else if (transA && !transB) {
      if (needs[0]) da = F.matmul(b!, g, false, true);
      if (needs[1]) db = F.matmul(a!, g, false, false);
    } else {
      if (needs[0]) da = F.matmul(b!, g, true, true);
      if (needs[1]) db = F.matmul(g, a!, true, true);
    }
    return [da, db];
  },
});
