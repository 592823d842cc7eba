/**
 * Higher-order rules as first-order systems (reference §2.11): z = (θ, θ̇, …, θ^{(k−1)}), ż = G(z), and a loss on
 * z that strictly decreases. Heavy ball θ̈ = −γθ̇ − ∇L: the energy E = L + ½‖v‖² only gives Ė = −γ‖v‖² (zero at
 * v = 0), so we use the strict Lyapunov function E_ε = L + ½‖v‖² + ε vᵀ∇L, with
 * Ė_ε = −γ‖v‖² + ε vᵀ∇²L v − εγ vᵀ∇L − ε‖∇L‖² < 0 for small ε > 0; then ż = −M̃⁻¹∇E_ε with a 2D×2D metric.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { angle, classifyPair, type Angle, type PairStatus } from './angle.ts';
import { metricOpt, type FamilyOperator } from './family.ts';

/**
 * The first-order form of a k-th order rule θ^{(k)} = F(θ, θ̇, …, θ^{(k−1)}): ż = (z₁, …, z_{k−1}, F(z)) on
 * z ∈ R^{kD} stored as k consecutive blocks of length D.
 */
export function firstOrderForm(order: number, dim: number, accel: (derivs: Float64Array[]) => ArrayLike<number>): (z: Float64Array) => Float64Array {
  if (!(Number.isInteger(order) && order >= 1)) throw new InvalidArgumentError(`firstOrderForm: order = ${order}; an integer ≥ 1 is required`);
  return (z) => {
    if (z.length !== order * dim) throw new ShapeError(`firstOrderForm: z has length ${z.length}; ${order}·${dim} = ${order * dim} expected`);
    const blocks = Array.from({ length: order }, (_, k) => z.subarray(k * dim, (k + 1) * dim));
    const out = new Float64Array(order * dim);
    for (let k = 0; k + 1 < order; k++) out.set(blocks[k + 1]!, k * dim);
    const a = accel(blocks);
    if (a.length !== dim) throw new ShapeError(`firstOrderForm: accel returned ${a.length} entries; ${dim} expected`);
    out.set(a, (order - 1) * dim);
    return out;
  };
}

export interface HeavyBallOptions {
  loss: (theta: Float64Array) => number;
  grad: (theta: Float64Array) => Float64Array;
  /** v ↦ ∇²L(θ) v; central differences of grad when absent. */
  hvp?: (theta: Float64Array, v: Float64Array) => Float64Array;
  /** Friction γ > 0. */
  gamma: number;
  /** ε ≥ 0 of the strict Lyapunov function (ε = 0: the plain energy, not strict at v = 0). */
  eps: number;
}

export interface HeavyBallPoint {
  /** ż = (v, −γv − ∇L). */
  g: Float64Array;
  /** ỹ = −∇_z E_ε = −(∇L + ε∇²L v, v + ε∇L). */
  y: Float64Array;
  /** E_ε(z). */
  lyapunov: number;
  /** dE_ε/dt = ∇E_εᵀż (< 0 where the construction applies). */
  dEdt: number;
  status: PairStatus;
  angle?: Angle;
  metric?: FamilyOperator;
}

export interface HeavyBall {
  dim: number;
  field(z: Float64Array): Float64Array;
  lyapunov(z: Float64Array): number;
  analyze(z: Float64Array): HeavyBallPoint;
}

/** Heavy ball on z = (θ, v) ∈ R^{2D} with E_ε; `analyze(z)` gives the metric M̃ with M̃ ż = −∇E_ε. */
export function heavyBall(dim: number, o: HeavyBallOptions): HeavyBall {
  if (!(o.gamma > 0)) throw new InvalidArgumentError(`heavyBall: γ = ${o.gamma}; friction must be > 0`);
  if (!(o.eps >= 0)) throw new InvalidArgumentError(`heavyBall: ε = ${o.eps}; it must be ≥ 0`);
  const split = (z: Float64Array) => {
    if (z.length !== 2 * dim) throw new ShapeError(`heavyBall: z has length ${z.length}; 2·${dim} = ${2 * dim} expected (θ then v)`);
    return { th: z.slice(0, dim), v: z.slice(dim) };
  };
  const hvp = o.hvp ?? ((th: Float64Array, v: Float64Array) => {
    let nv = 0, nt = 0;
    for (let i = 0; i < dim; i++) { nv += v[i]! * v[i]!; nt += th[i]! * th[i]!; }
    if (nv === 0) return new Float64Array(dim);
    const h = 1e-5 * Math.max(1, Math.sqrt(nt)) / Math.sqrt(nv);
    const p = th.map((x, i) => x + h * v[i]!), m = th.map((x, i) => x - h * v[i]!);
    const gp = o.grad(p), gm = o.grad(m);
    return gp.map((x, i) => (x - gm[i]!) / (2 * h));
  });
  const field = (z: Float64Array) => {
    const { th, v } = split(z);
    const gr = o.grad(th);
    const out = new Float64Array(2 * dim);
    for (let i = 0; i < dim; i++) { out[i] = v[i]!; out[dim + i] = -o.gamma * v[i]! - gr[i]!; }
    return out;
  };
  const lyapunov = (z: Float64Array) => {
    const { th, v } = split(z);
    const gr = o.grad(th.slice());
    let vv = 0, vg = 0;
    for (let i = 0; i < dim; i++) { vv += v[i]! * v[i]!; vg += v[i]! * gr[i]!; }
    return o.loss(th) + vv / 2 + o.eps * vg;
  };
  const analyze = (z: Float64Array): HeavyBallPoint => {
    const { th, v } = split(z);
    const gr = o.grad(th.slice());
    const hv = o.eps > 0 ? hvp(th.slice(), v) : new Float64Array(dim);
    const g = field(z);
    const y = new Float64Array(2 * dim);
    let dEdt = 0;
    for (let i = 0; i < dim; i++) {
      y[i] = -(gr[i]! + o.eps * hv[i]!);
      y[dim + i] = -(v[i]! + o.eps * gr[i]!);
    }
    for (let i = 0; i < 2 * dim; i++) dEdt -= y[i]! * g[i]!;
    const c = classifyPair(y, g);
    const res: HeavyBallPoint = { g, y, lyapunov: lyapunov(z), dEdt, status: c.status };
    if (c.status === 'effective' || c.status === 'not-descent') res.angle = angle(y, g);
    if (c.status === 'effective') res.metric = metricOpt(y, g);
    return res;
  };
  return { dim, field, lyapunov, analyze };
}
