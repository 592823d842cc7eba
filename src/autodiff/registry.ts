/** The one registry of differentiable ops, ordered from simple to complex; the gradcheck test iterates over it. */
import type { OpDef } from './op.ts';
import { add, sub, mul, div, pow } from './ops/binary.ts';
import { neg, scale, exp, log, tanh, sigmoid, relu, softplus, sqrt, abs } from './ops/unary.ts';
import { sum, mean, max, broadcastTo, sumTo } from './ops/reduce.ts';
import { matmul } from './ops/matmul.ts';
import { reshape, transpose, slice, unslice, concat, gather, scatterAdd } from './ops/layout.ts';
import { logsumexp, softmax, logSoftmax } from './ops/softmax.ts';
import { crossEntropy, mse } from './ops/loss.ts';

export const opRegistry = {
  neg, scale, exp, log, sqrt, abs, tanh, sigmoid, relu, softplus,
  add, sub, mul, div, pow,
  sum, mean, max, broadcastTo, sumTo,
  reshape, transpose, slice, unslice, concat, gather, scatterAdd,
  matmul,
  logsumexp, softmax, logSoftmax,
  crossEntropy, mse,
} satisfies Record<string, OpDef>;

export type OpName = keyof typeof opRegistry;
export const opNames = Object.keys(opRegistry) as OpName[];
