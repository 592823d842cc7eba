/**
 * The problem contract: an objective L(θ) over a flat parameter vector θ ∈ R^dim, with its gradient.
 * Data problems also expose `examples` so the runner can draw seeded minibatches; `loss`/`grad` then take the
 * batch (indices into the data) and average over it. Everything is float64 and plain data.
 */
import type { Rng } from '../random/types.ts';
import type { Predictive } from './predictive.ts';

/** Indices of the examples in a minibatch; `undefined` means the full data set (or a problem without data). */
export type Batch = Int32Array | undefined;

export interface KnownMinimum {
  theta: number[];
  loss: number;
  /** true for the global minimum (some surfaces have several equal ones). */
  global: boolean;
}

export interface Problem {
  /** Registry id, e.g. `rosenbrock`. */
  readonly id: string;
  readonly dim: number;
  /** The seeded default starting point. */
  init(rng: Rng): Float64Array;
  /** Mean loss over `batch` (or all data). */
  loss(theta: Float64Array, batch?: Batch): number;
  /** ∇L at θ over `batch`; writes into `out` when given and returns it. */
  grad(theta: Float64Array, batch?: Batch, out?: Float64Array): Float64Array;
  /** Loss and gradient in one pass (defaults to calling both). */
  valueAndGrad?(theta: Float64Array, batch?: Batch, out?: Float64Array): { value: number; grad: Float64Array };
  /** Dense Hessian (row-major dim×dim), where cheap and known. */
  hessian?(theta: Float64Array, batch?: Batch): Float64Array;
  /** Hessian-vector product. */
  hvp?(theta: Float64Array, v: Float64Array, batch?: Batch): Float64Array;
  /** Number of examples for data problems (enables minibatching). */
  readonly examples?: number;
  /** Known minima to compare against (2-D surfaces, quadratics, convex problems solved exactly). */
  readonly minima?: KnownMinimum[];
  /** Plotting window for 2-D problems: [[xmin, xmax], [ymin, ymax]]. */
  readonly window?: [[number, number], [number, number]];
  /** Problem-specific hooks for rules that need more than the gradient (e.g. a backward pass with other feedback weights). */
  readonly hooks?: Record<string, unknown>;
  /** The model's predictive distribution p(y | x, θ), for the Fisher information (problems/predictive.ts). */
  readonly predictive?: Predictive;
}

/** Declarative description of one configurable option (hyperparameter or problem parameter), for CLI, config validation and docs. */
export interface ParamSpec {
  name: string;
  kind: 'number' | 'integer' | 'boolean' | 'string' | 'number[]' | 'matrix' | 'enum';
  default?: unknown;
  /** Accepted values for kind 'enum'. */
  values?: readonly string[];
  /** Inclusive bounds for numbers (for 'number[]' and 'matrix', per entry). */
  min?: number;
  max?: number;
  /** Make `min` / `max` exclusive (e.g. torch's 0 ≤ β < 1). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Exact length for 'number[]' (e.g. Adam's betas). */
  length?: number;
  /** No default: the config must give it. */
  required?: boolean;
  doc: string;
}

export interface ProblemSpec {
  id: string;
  summary: string;
  params: ParamSpec[];
  /** Builds the problem from validated options (defaults filled in) and a seeded generator for data/rotations. */
  create(options: Record<string, unknown>, rng: Rng): Problem;
}
