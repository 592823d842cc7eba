/**
 * Typed errors shared by every layer. Each names the operation, the offending input (shape or value) and what
 * would have been accepted, so a user can fix the call without reading the source.
 */

export class LearnscopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operands whose shapes do not fit together, e.g. `gemm: A is 3×4 but B is 5×2 (inner dimensions must match)`. */
export class ShapeError extends LearnscopeError {}

/** NaN or ±Infinity where only finite numbers are accepted. */
export class NonFiniteError extends LearnscopeError {}

/** A matrix that must be symmetric positive definite is not (Cholesky found a non-positive pivot). */
export class NotPositiveDefiniteError extends LearnscopeError {}

/** A square system that is singular to working precision (LU found a zero pivot). */
export class SingularMatrixError extends LearnscopeError {}

/** A value outside its accepted range or of the wrong kind (function arguments, CLI flags). */
export class InvalidArgumentError extends LearnscopeError {}

/** A config file field that is missing, unknown, or has a value outside what is accepted. `path` is e.g. `rule.lr`. */
export class ConfigError extends LearnscopeError {
  constructor(readonly path: string, message: string) {
    super(`config ${path}: ${message}`);
  }
}

/** A request that would not fit in memory or time on this machine, refused up front with its estimated cost. */
export class ResourceError extends LearnscopeError {}

/** Throws NonFiniteError naming `op` and `what` if any entry of `x` is NaN or infinite. */
export function assertFinite(op: string, what: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`${op}: ${what}[${i}] is ${v}; only finite numbers are accepted`);
    }
  }
}
