/**
 * Windowed losses (reference §2.7): a rule that only improves L over a window of its own future is effective for
 * the window-averaged loss. Discrete: L_K(θ) = (1/K) Σ_{j<K} L(θ_j) along θ_{j+1} = step(θ_j), with
 * L_K(θ₁) − L_K(θ₀) = [L(θ_K) − L(θ₀)]/K. Continuous: L_T(θ) = (1/T) ∫₀ᵀ L(φ_s θ) ds, with
 * ∇L_T·g = [L(φ_T θ) − L(θ)]/T; here φ is RK4 with composite Simpson quadrature and ∇L_T is the exact reverse-mode
 * derivative of that discretisation (adjoint sweep through the stored states, vector–Jacobian products of g).
 * Then y = −∇L_T feeds every point-wise construction.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { toF64 } from './vec.ts';

export type Vjp = (theta: Float64Array, v: Float64Array) => Float64Array;

export interface DiscreteWindowRule {
  /** One step of the rule, θ ↦ θ'. */
  step: (theta: Float64Array) => Float64Array;
  /** v ↦ (∂θ'/∂θ)ᵀ v at θ. */
  stepVjp: Vjp;
  loss: (theta: Float64Array) => number;
  grad: (theta: Float64Array) => Float64Array;
}

export interface WindowedLoss {
  value: number;
  grad: Float64Array;
  /** L at the start and at the end of the window (θ_K, or φ_T θ). */
  lossStart: number;
  lossEnd: number;
  /** [L(end) − L(start)]/window: the change of the windowed loss per unit step/time along the rule. */
  rate: number;
}

function axpy(out: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + a * x[i]!;
}

function checkLen(op: string, what: string, v: ArrayLike<number>, n: number): Float64Array {
  if (v.length !== n) throw new ShapeError(`${op}: ${what} returned ${v.length} entries; ${n} expected`);
  return toF64(v);
}

/** L_K(θ) and ∇L_K(θ) = (1/K) Σ_j J_{0→j}ᵀ ∇L(θ_j) by one backward sweep. */
export function windowedLossDiscrete(rule: DiscreteWindowRule, theta: ArrayLike<number>, K: number): WindowedLoss {
  const op = 'windowedLossDiscrete';
  if (!(Number.isInteger(K) && K >= 1)) throw new InvalidArgumentError(`${op}: K = ${K}; an integer ≥ 1 is required`);
  const n = theta.length;
  const states: Float64Array[] = [Float64Array.from(theta)];
  for (let j = 1; j <= K; j++) states.push(checkLen(op, 'step', rule.step(states[j - 1]!.slice()), n));
  let value = 0;
  for (let j = 0; j < K; j++) value += rule.loss(states[j]!.slice());
  value /= K;
  let adj: Float64Array = checkLen(op, 'grad', rule.grad(states[K - 1]!.slice()), n).slice();
  for (let j = K - 2; j >= 0; j--) {
    const a = checkLen(op, 'stepVjp', rule.stepVjp(states[j]!.slice(), adj), n).slice();
    axpy(a, 1, checkLen(op, 'grad', rule.grad(states[j]!.slice()), n));
    adj = a;
  }
  for (let i = 0; i < n; i++) adj[i] = adj[i]! / K;
  const lossStart = rule.loss(states[0]!.slice()), lossEnd = rule.loss(states[K]!.slice());
  return { value, grad: adj, lossStart, lossEnd, rate: (lossEnd - lossStart) / K };
}

export interface ContinuousWindowRule {
  /** The vector field g(θ) of dθ/dt = g(θ). */
  field: (theta: Float64Array) => Float64Array;
  /** v ↦ (∂g/∂θ)ᵀ v at θ. */
  fieldVjp: Vjp;
  loss: (theta: Float64Array) => number;
  grad: (theta: Float64Array) => Float64Array;
}

/** One RK4 step and the stage points its adjoint needs. */
function rk4(f: (x: Float64Array) => Float64Array, x: Float64Array, h: number): { next: Float64Array; stages: Float64Array[] } {
  const n = x.length;
  const k1 = f(x.slice());
  const x1 = x.slice(); axpy(x1, h / 2, k1);
  const k2 = f(x1.slice());
  const x2 = x.slice(); axpy(x2, h / 2, k2);
  const k3 = f(x2.slice());
  const x3 = x.slice(); axpy(x3, h, k3);
  const k4 = f(x3.slice());
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) next[i] = x[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  return { next, stages: [x, x1, x2, x3] };
}

/** (∂x'/∂x)ᵀ a for the RK4 step, by reverse accumulation through its four stages. */
function rk4Vjp(vjp: Vjp, stages: Float64Array[], h: number, a: Float64Array): Float64Array {
  const [x, x1, x2, x3] = stages as [Float64Array, Float64Array, Float64Array, Float64Array];
  const out = a.slice();
  const k4b = a.map((v) => (h / 6) * v);
  const k3b = a.map((v) => (h / 3) * v);
  const k2b = a.map((v) => (h / 3) * v);
  const k1b = a.map((v) => (h / 6) * v);
  const x3b = vjp(x3.slice(), k4b); axpy(out, 1, x3b); axpy(k3b, h, x3b);
  const x2b = vjp(x2.slice(), k3b); axpy(out, 1, x2b); axpy(k2b, h / 2, x2b);
  const x1b = vjp(x1.slice(), k2b); axpy(out, 1, x1b); axpy(k1b, h / 2, x1b);
  axpy(out, 1, vjp(x.slice(), k1b));
  return out;
}

/**
 * L_T(θ) = (1/T) ∫₀ᵀ L(φ_s θ) ds by RK4 with `steps` (even) steps and composite Simpson, and its exact
 * discrete gradient. Accuracy O(h⁴), h = T/steps.
 */
export function windowedLoss(rule: ContinuousWindowRule, theta: ArrayLike<number>, T: number, steps = 200): WindowedLoss {
  const op = 'windowedLoss';
  if (!(T > 0 && Number.isFinite(T))) throw new InvalidArgumentError(`${op}: T = ${T}; a finite window > 0 is required`);
  if (!(Number.isInteger(steps) && steps >= 2 && steps % 2 === 0)) throw new InvalidArgumentError(`${op}: steps = ${steps}; an even integer ≥ 2 is required (Simpson)`);
  const n = theta.length, h = T / steps;
  const f = (x: Float64Array) => checkLen(op, 'field', rule.field(x), n);
  const states: Float64Array[] = [Float64Array.from(theta)];
  const stages: Float64Array[][] = [];
  for (let j = 0; j < steps; j++) { const r = rk4(f, states[j]!, h); states.push(r.next); stages.push(r.stages); }
  // Simpson weights (h/3)(1, 4, 2, …, 4, 1), divided by T
  const w = (j: number) => (h / 3) * (j === 0 || j === steps ? 1 : j % 2 === 1 ? 4 : 2) / T;
  let value = 0;
  for (let j = 0; j <= steps; j++) value += w(j) * rule.loss(states[j]!.slice());
  let adj: Float64Array = checkLen(op, 'grad', rule.grad(states[steps]!.slice()), n).map((v) => w(steps) * v);
  for (let j = steps - 1; j >= 0; j--) {
    adj = rk4Vjp((x, v) => checkLen(op, 'fieldVjp', rule.fieldVjp(x, v), n), stages[j]!, h, adj);
    axpy(adj, w(j), checkLen(op, 'grad', rule.grad(states[j]!.slice()), n));
  }
  const lossStart = rule.loss(states[0]!.slice()), lossEnd = rule.loss(states[steps]!.slice());
  return { value, grad: adj, lossStart, lossEnd, rate: (lossEnd - lossStart) / T };
}
