/**
 * Time-varying losses L(θ, t) (reference §2.8). (a) Point-wise in time: y = −∇_θL(θ, t) and the usual metric,
 * which needs ∇_θLᵀg < 0 at each t. (b) Time-augmented: z = (θ, t), ż = (g, 1), L̃(z) = L(θ, t); then
 * −∇_zL̃ᵀż = −(∇_θLᵀg + ∂_tL) = −dL/dt, so a (D+1)×(D+1) metric M̃ with M̃ ż = −∇_zL̃ exists whenever the loss
 * decreases along the trajectory in total, even when ∂_tL < 0 does part of the work and (a) fails.
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { angle, classifyPair, type Angle, type PairStatus } from './angle.ts';
import { metricOpt, type FamilyOperator } from './family.ts';

export interface TimeAugmented {
  /** ỹ = (−∇_θL, −∂_tL). */
  y: Float64Array;
  /** g̃ = (g, 1). */
  g: Float64Array;
  /** dL/dt = ∇_θLᵀg + ∂_tL along the trajectory. */
  dLdt: number;
  status: PairStatus;
  angle?: Angle;
  /** M̃_opt with M̃ g̃ = ỹ, when dL/dt < 0. */
  metric?: FamilyOperator;
  explanation: string;
}

/** The time-augmented pair and metric from ∇_θL(θ, t), ∂_tL(θ, t) and the update g(θ, t). */
export function timeAugmented(gradTheta: ArrayLike<number>, dLdtPartial: number, g: ArrayLike<number>): TimeAugmented {
  const op = 'timeAugmented';
  if (gradTheta.length !== g.length) throw new ShapeError(`${op}: ∇_θL has length ${gradTheta.length} but g has ${g.length}; they must be equal`);
  if (!Number.isFinite(dLdtPartial)) throw new InvalidArgumentError(`${op}: ∂_tL = ${dLdtPartial}; a finite number is required`);
  const D = g.length;
  const y = new Float64Array(D + 1), gt = new Float64Array(D + 1);
  let dLdt = dLdtPartial;
  for (let i = 0; i < D; i++) { y[i] = -gradTheta[i]!; gt[i] = g[i]!; dLdt += gradTheta[i]! * g[i]!; }
  y[D] = -dLdtPartial; gt[D] = 1;
  const c = classifyPair(y, gt);
  const res: TimeAugmented = { y, g: gt, dLdt, status: c.status, explanation: c.status === 'effective'
    ? `dL/dt = ${dLdt.toPrecision(6)} < 0: the time-augmented rule is NGD in D + 1 dimensions`
    : `dL/dt = ${dLdt.toPrecision(6)} ≥ 0: the loss does not decrease along the trajectory, so no augmented metric exists` };
  res.angle = angle(y, gt);
  if (c.status === 'effective') res.metric = metricOpt(y, gt);
  return res;
}

/** Point-wise in time: M(θ, t) = M_opt(−∇_θL(θ, t), g(θ, t)); throws NoMetricError when ∇_θLᵀg ≥ 0 at this t. */
export function metricAtTime(gradTheta: ArrayLike<number>, g: ArrayLike<number>): FamilyOperator {
  const y = Float64Array.from(gradTheta, (v) => -v);
  return metricOpt(y, g);
}
