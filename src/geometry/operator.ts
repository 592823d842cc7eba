/**
 * The implicit-operator contract every metric of src/geometry implements (DESIGN.md "Metric"): apply, solve,
 * eigenvalues with multiplicities, condition number, and a dense matrix only on request for small D.
 * `role` says which side of the convention the operator is on: a 'metric' M with M g = y, or an
 * 'inverse-metric' P = M⁻¹ with P y = g (reference §1).
 */
import { ResourceError, ShapeError } from '../errors.ts';

/** An eigenvalue and how many times it repeats; spectra are listed in ascending order. */
export interface Eigenvalue {
  value: number;
  multiplicity: number;
}

export type OperatorRole = 'metric' | 'inverse-metric';

export interface MetricOperator {
  /** e.g. 'opt', 'alpha', 'bfgs', 'dfp', 'psb', 'sr1', 'p-opt', 'canonical', 'dense'. */
  readonly kind: string;
  readonly role: OperatorRole;
  readonly dim: number;
  /** Op·v, written into `out` (allocated when absent). */
  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Op⁻¹·v, written into `out` (allocated when absent). */
  solve(v: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** The spectrum, ascending, equal eigenvalues merged with their multiplicity. */
  eigenvalues(): Eigenvalue[];
  /** max|λ| / min|λ| (Infinity when singular). */
  conditionNumber(): number;
  /** Smallest eigenvalue > 0. */
  isPositiveDefinite(): boolean;
  /** The D×D matrix, row-major; throws ResourceError when D > MAX_DENSE_DIM. */
  dense(): Float64Array;
  /** The operator's inverse as an operator (metric ↔ inverse metric). */
  inverse(): MetricOperator;
  /** Set when the operator is not positive definite (PSB, SR1) or otherwise suspect; absent when fine. */
  readonly warning?: string;
}

/** Largest D for which `dense()` materialises a matrix: 2048² float64 = 32 MiB. */
export const MAX_DENSE_DIM = 2048;

export function checkDenseDim(op: string, dim: number): void {
  if (dim > MAX_DENSE_DIM) {
    const mib = (dim * dim * 8 / 2 ** 20).toFixed(0);
    throw new ResourceError(`${op}: dense() of a ${dim}×${dim} operator needs ${mib} MiB; only D ≤ ${MAX_DENSE_DIM} is materialised (use apply/solve/eigenvalues, which are O(D))`);
  }
}

export function checkVector(op: string, v: ArrayLike<number>, dim: number, out?: Float64Array): Float64Array {
  if (v.length !== dim) throw new ShapeError(`${op}: v has length ${v.length}; the operator is ${dim}×${dim}, so a length-${dim} vector is required`);
  if (out !== undefined && out.length !== dim) throw new ShapeError(`${op}: out has length ${out.length}; length ${dim} is required`);
  return out ?? new Float64Array(dim);
}

/** Sorts ascending and merges values equal to `relTol` (default a few ulps; e.g. the (D−2)-fold α of M_α). */
export function mergeEigenvalues(list: Eigenvalue[], relTol = 4 * Number.EPSILON): Eigenvalue[] {
  const sorted = list.filter((e) => e.multiplicity > 0).sort((a, b) => a.value - b.value);
  const out: Eigenvalue[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && Math.abs(e.value - last.value) <= relTol * Math.max(Math.abs(e.value), Math.abs(last.value))) {
      last.multiplicity += e.multiplicity;
    } else {
      out.push({ value: e.value, multiplicity: e.multiplicity });
    }
  }
  return out;
}

export function conditionOf(eigs: Eigenvalue[]): number {
  let lo = Infinity, hi = 0;
  for (const e of eigs) { const a = Math.abs(e.value); if (a < lo) lo = a; if (a > hi) hi = a; }
  return lo === 0 ? Infinity : hi / lo;
}

/** Eigenvalues (ascending) of the symmetric 2×2 [[a, b], [b, d]]. */
export function eigSym2(a: number, b: number, d: number): [number, number] {
  const m = (a + d) / 2, h = Math.hypot((a - d) / 2, b);
  const hi = m + h;
  // for a positive definite block the small root is det/hi, which avoids the cancellation in m − h
  const det = a * d - b * b;
  const lo = m > 0 && det > 0 && hi > 0 ? det / hi : m - h;
  return [lo, hi];
}

/** Dense materialisation through apply on the unit vectors (O(D²) work, used for symmetric operators). */
export function denseByColumns(opName: string, dim: number, apply: (v: Float64Array, out: Float64Array) => Float64Array): Float64Array {
  checkDenseDim(opName, dim);
  const m = new Float64Array(dim * dim);
  const e = new Float64Array(dim), col = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    e[j] = 1;
    apply(e, col);
    e[j] = 0;
    for (let i = 0; i < dim; i++) m[i * dim + j] = col[i]!;
  }
  return m;
}

/** Op⁻¹ as an operator: apply and solve swapped, eigenvalues inverted, role flipped. */
export class InvertedOperator implements MetricOperator {
  readonly kind: string;
  readonly role: OperatorRole;
  readonly dim: number;
  readonly warning?: string;
  constructor(private readonly op: MetricOperator) {
    this.kind = `${op.kind}⁻¹`;
    this.role = op.role === 'metric' ? 'inverse-metric' : 'metric';
    this.dim = op.dim;
    if (op.warning !== undefined) this.warning = op.warning;
  }
  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array { return this.op.solve(v, out); }
  solve(v: ArrayLike<number>, out?: Float64Array): Float64Array { return this.op.apply(v, out); }
  eigenvalues(): Eigenvalue[] {
    return mergeEigenvalues(this.op.eigenvalues().map((e) => ({ value: 1 / e.value, multiplicity: e.multiplicity })));
  }
  conditionNumber(): number { return this.op.conditionNumber(); }
  isPositiveDefinite(): boolean { return this.op.isPositiveDefinite(); }
  dense(): Float64Array {
    const n = this.dim;
    const m = denseByColumns(this.kind, n, (v, out) => this.op.solve(v, out));
    // symmetrise the rounding of column-wise solves
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const s = (m[i * n + j]! + m[j * n + i]!) / 2;
      m[i * n + j] = s; m[j * n + i] = s;
    }
    return m;
  }
  inverse(): MetricOperator { return this.op; }
}
