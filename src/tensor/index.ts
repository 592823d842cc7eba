/** The tensor module's public API: the Tensor type, constructors and forward ops (no autodiff here). */
export { Tensor, fromData, tensor, scalar, zeros, ones, full, eye, arange, randn, rand } from './tensor.ts';
export type { NestedArray } from './tensor.ts';
export type { Shape } from './shape.ts';
export { broadcastShapes, shapeStr, sizeOf, sameShape } from './shape.ts';
export { add, sub, mul, div, pow, neg, scale, exp, log, tanh, sigmoid, relu, softplus, sqrt, abs, sign, heaviside } from './elementwise.ts';
export { sum, mean, max, maxWithIndex, argmax, broadcastTo, sumTo } from './reduce.ts';
export type { Axes } from './reduce.ts';
export { matmul } from './matmul.ts';
export { reshape, transpose, slice, unslice, concat, gather, scatterAdd } from './layout.ts';
export type { Ranges } from './layout.ts';
export { logsumexp, softmax, logSoftmax, crossEntropy, crossEntropyGrad, mse, checkLabels } from './softmax.ts';
