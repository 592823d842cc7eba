/**
 * The metric of a learning rule (arXiv 2409.16422): every effective update g is natural gradient descent,
 * M g = y = −∇L with M SPD. Point-wise operators (O(D)), dense checks, discrete-time, stochastic, time-varying,
 * windowed and higher-order constructions. Conventions in /work/shared/reference/geometry-paper-2409.16422.md.
 */
export { type Angle, type PairStats, type PairStatus, type Effectiveness, type NoMetricReason, NoMetricError, angle, pairStats,
  angleFromStats, isEffective, classifyPair, kappaMin, kappaMinSinCos, kappaMinAsymptotic, alphaOpt } from './angle.ts';
export { type Eigenvalue, type MetricOperator, type OperatorRole, MAX_DENSE_DIM } from './operator.ts';
export { FamilyOperator, metricOpt, metricAlpha, metricBfgs, metricDfp, inverseMetricOpt, inverseMetricAlpha, spectrumFamily } from './family.ts';
export { type SecantKind, SECANT_KINDS, RankTwoOperator, metricPsb, metricSr1, metricSecant } from './secant.ts';
export { type CanonicalOptions, ComplementBasis, DenseMetric, canonicalMetric } from './canonical.ts';
export { type MetricReport, type Decomposition, type DenseInput, verifyMetric, decomposeMetric } from './verify.ts';
export { type Quadrature, gaussLegendre } from './gauss-legendre.ts';
export { type LossFn, type GradFn, type DiscreteGradientKind, type DiscreteGradientOptions, type DiscreteGradient, type StepAnalysis,
  type SmallLrRow, DISCRETE_GRADIENT_KINDS, discreteGradient, stepMetric, smallLrLimit } from './discrete.ts';
export { type AveragingMode, type AveragedUpdateOptions, type AveragedUpdate, averagedUpdate, normalQuantile } from './stochastic.ts';
export { type TimeAugmented, timeAugmented, metricAtTime } from './time-varying.ts';
export { type Vjp, type DiscreteWindowRule, type ContinuousWindowRule, type WindowedLoss, windowedLossDiscrete, windowedLoss } from './windowed.ts';
export { type HeavyBallOptions, type HeavyBallPoint, type HeavyBall, firstOrderForm, heavyBall } from './higher-order.ts';
export { type GeometryStep, geometryStep } from './step.ts';
export { type TrajectoryMetricKind, type TrajectoryInput, type TrajectoryOptions, type TrajectoryGeometry, TRAJECTORY_METRIC_KINDS, analyzeTrajectory } from './trajectory.ts';
export { type FisherKind, type FisherOptions, type FisherOperator, FISHER_KINDS, DENSE_MAX_DIM as FISHER_DENSE_MAX_DIM, predictiveOf, fisherOperator,
  fisherDense, monteCarloFisher, perExampleGradients, jacobian } from './fisher.ts';
export { type FisherCgResult, dampedCg } from './fisher-cg.ts';
export { klDivergence, klGradient } from './kl.ts';
