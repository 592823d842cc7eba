/**
 * User-module problems: wraps the default export `{ dim, loss(theta), grad?(theta), init?(rng) }` of a user's ES
 * module as a `Problem`, checking each member and naming what is missing. Without `grad`, the gradient is taken
 * by central differences (step 1e-6·max(1, |θᵢ|), 2·dim loss calls) and `warn` is called once to say so.
 * Loading the module (a dynamic import) is Node-only and lives in `module-node.ts`.
 */
import { ConfigError, ShapeError } from '../errors.ts';
import type { Problem } from './types.ts';

export interface UserModule {
  dim: number;
  loss(theta: Float64Array): number;
  grad?(theta: Float64Array): Float64Array | ArrayLike<number>;
  init?(rng: unknown): Float64Array | ArrayLike<number>;
}

/** Central-difference gradient of `f` at θ. */
export function centralDifferenceGrad(f: (t: Float64Array) => number, theta: Float64Array, out: Float64Array = new Float64Array(theta.length)): Float64Array {
  const t = Float64Array.from(theta);
  for (let i = 0; i < theta.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(theta[i]!));
    t[i] = theta[i]! + h; const fp = f(t);
    t[i] = theta[i]! - h; const fm = f(t);
    t[i] = theta[i]!;
    out[i] = (fp - fm) / (2 * h);
  }
  return out;
}

/** Builds a Problem from a loaded module's default export; `source` names the module in errors. */
export function moduleProblem(exported: unknown, source: string, warn: (message: string) => void, path = 'problem.module'): Problem {
  const where = `${source}: the default export`;
  if (exported === null || typeof exported !== 'object') {
    throw new ConfigError(path, `${where} is ${exported === undefined ? 'missing' : typeof exported}; expected an object { dim, loss(theta), grad?(theta), init?(rng) } (export default { … })`);
  }
  const m = exported as Partial<UserModule>;
  if (typeof m.dim !== 'number' || !Number.isInteger(m.dim) || m.dim < 1) {
    throw new ConfigError(path, `${where} has dim = ${JSON.stringify(m.dim)}; expected a positive integer`);
  }
  if (typeof m.loss !== 'function') throw new ConfigError(path, `${where} has no loss(theta) function (it is ${typeof m.loss}); expected loss(theta: Float64Array): number`);
  if (m.grad !== undefined && typeof m.grad !== 'function') throw new ConfigError(path, `${where}.grad is ${typeof m.grad}; expected a function grad(theta) or nothing`);
  if (m.init !== undefined && typeof m.init !== 'function') throw new ConfigError(path, `${where}.init is ${typeof m.init}; expected a function init(rng) or nothing`);
  const dim = m.dim, lossFn = m.loss.bind(m), gradFn = m.grad?.bind(m), initFn = m.init?.bind(m);
  const vector = (what: string, v: unknown): Float64Array => {
    if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') {
      throw new ShapeError(`${source}: ${what} returned ${typeof v}; expected a Float64Array (or array) of length ${dim}`);
    }
    const a = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
    if (a.length !== dim) throw new ShapeError(`${source}: ${what} returned length ${a.length}; expected dim = ${dim}`);
    return a;
  };
  const check = (theta: Float64Array) => {
    if (theta.length !== dim) throw new ShapeError(`${source}: θ has length ${theta.length}; the module declares dim = ${dim}`);
  };
  const loss = (theta: Float64Array) => {
    check(theta);
    const v = lossFn(Float64Array.from(theta));
    if (typeof v !== 'number') throw new ShapeError(`${source}: loss(theta) returned ${typeof v}; expected a number`);
    return v;
  };
  if (!gradFn) warn(`${source}: no grad(theta) exported; using central differences (2·${dim} loss calls per gradient)`);
  return {
    id: 'module',
    dim,
    init: (rng) => (initFn ? vector('init(rng)', initFn(rng)) : new Float64Array(dim)),
    loss: (theta) => loss(theta),
    grad(theta, _batch, out) {
      check(theta);
      if (!gradFn) return centralDifferenceGrad(loss, theta, out);
      const g = vector('grad(theta)', gradFn(Float64Array.from(theta)));
      if (out) { out.set(g); return out; }
      return g;
    },
  };
}
