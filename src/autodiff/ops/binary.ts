/**
 * Broadcasting binary ops add, sub, mul, div, pow. Each gradient is summed back to its operand's shape
 * (sumTo, the adjoint of broadcasting). pow's exponent gradient a^b·log a needs a > 0 where it is requested.
 */
import * as T from '../../tensor/index.ts';
import { defineOp } from '../op.ts';

export const add = defineOp<null>({
  name: 'add',
  forward: ([a, b]) => T.add(a!, b!),
  backward: (F, g, [a, b], _o, _at, needs) => [
    needs[0] ? F.sumTo(g, F.value(a!).shape) : null,
    needs[1] ? F.sumTo(g, F.value(b!).shape) : null,
  ],
});

export const sub = defineOp<null>({
  name: 'sub',
  forward: ([a, b]) => T.sub(a!, b!),
  backward: (F, g, [a, b], _o, _at, needs) => [
    needs[0] ? F.sumTo(g, F.value(a!).shape) : null,
    needs[1] ? F.sumTo(F.neg(g), F.value(b!).shape) : null,
  ],
});

export const mul = defineOp<null>({
  name: 'mul',
  forward: ([a, b]) => T.mul(a!, b!),
  backward: (F, g, [a, b], _o, _at, needs) => [
    needs[0] ? F.sumTo(F.mul(g, b!), F.value(a!).shape) : null,
    needs[1] ? F.sumTo(F.mul(g, a!), F.value(b!).shape) : null,
  ],
});

export const div = defineOp<null>({
  name: 'div',
  forward: ([a, b]) => T.div(a!, b!),
  // ∂(a/b)/∂b = −(a/b)/b = −out/b
  backward: (F, g, [a, b], out, _at, needs) => [
    needs[0] ? F.sumTo(F.div(g, b!), F.value(a!).shape) : null,
    needs[1] ? F.sumTo(F.neg(F.mul(g, F.div(out, b!))), F.value(b!).shape) : null,
  ],
});

export const pow = defineOp<null>({
  name: 'pow',
  forward: ([a, b]) => T.pow(a!, b!),
  // ∂a^b/∂a = b·a^(b−1) (computed as a power, not out/a, so a = 0 is fine); ∂a^b/∂b = a^b·log a
  backward: (F, g, [a, b], out, _at, needs) => [
    needs[0] ? F.sumTo(F.mul(g, F.mul(b!, F.pow(a!, F.sub(b!, F.constant(T.scalar(1)))))), F.value(a!).shape) : null,
    needs[1] ? F.sumTo(F.mul(F.mul(g, out), F.log(a!)), F.value(b!).shape) : null,
  ],
});
