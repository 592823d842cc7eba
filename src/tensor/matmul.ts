/**
 * Matrix product with BLAS transpose flags: C = op(A)·op(B), op(X) = X or Xᵀ, for 2-D operands or batched 3-D
 * operands of equal batch size. Calls the active kernels' gemm with the flags (no transposed copies are made).
 */
import { ShapeError } from '../errors.ts';
import { allocOutput, kernels } from '../kernels/index.ts';
import { Tensor } from './tensor.ts';
import { shapeStr } from './shape.ts';

function dims(a: Tensor, trans: boolean): [number, number] {
  const r = a.rank;
  const rows = a.shape[r - 2]!, cols = a.shape[r - 1]!;
  return trans ? [cols, rows] : [rows, cols];
}

/** op(A)·op(B); with `out` (right shape, contiguous) the result is written there (β = 0) instead of a new array. */
export function matmul(a: Tensor, b: Tensor, transA = false, transB = false, out?: Float64Array): Tensor {
  const ta = transA ? 'ᵀ' : '', tb = transB ? 'ᵀ' : '';
  if (!((a.rank === 2 && b.rank === 2) || (a.rank === 3 && b.rank === 3 && a.shape[0] === b.shape[0]))) {
    throw new ShapeError(`matmul: A${ta} ${shapeStr(a.shape)} and B${tb} ${shapeStr(b.shape)} are not accepted; need two 2-D matrices or two 3-D batches of the same batch size`);
  }
  const [m, k] = dims(a, transA);
  const [k2, n] = dims(b, transB);
  if (k !== k2) {
    throw new ShapeError(`matmul: op(A) is ${m}×${k} (A${ta} of ${shapeStr(a.shape)}) but op(B) is ${k2}×${n} (B${tb} of ${shapeStr(b.shape)}); inner dimensions must match`);
  }
  const gemm = kernels().gemm;
  if (a.rank === 2) {
    // gemm with β = 0 writes all of C, so a fresh C need not be zeroed (the k = 0 product is filled below)
    const c = out ?? allocOutput(m * n);
    if (k === 0) c.fill(0);
    else if (m > 0 && n > 0) gemm(transA, transB, m, n, k, 1, a.data, b.data, 0, c);
    return new Tensor(c, [m, n]);
  }
  const batch = a.shape[0]!;
  const c = out ?? allocOutput(batch * m * n);
  if (k === 0) c.fill(0);
  else if (m > 0 && n > 0) {
    for (let i = 0; i < batch; i++) {
      gemm(transA, transB, m, n, k, 1, a.data.subarray(i * m * k, (i + 1) * m * k),
        b.data.subarray(i * k * n, (i + 1) * k * n), 0, c.subarray(i * m * n, (i + 1) * m * n));
    }
  }
  return new Tensor(c, [batch, m, n]);
}
