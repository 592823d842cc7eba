/**
 * The canonical form of every admissible metric (reference §2.2, Theorem 2):
 *   M = y yᵀ/(yᵀg) + Q S Qᵀ,   Q = an orthonormal basis of g^⊥, S any SPD (D−1)×(D−1),
 * or equivalently y yᵀ/(yᵀg) + U Uᵀ with the D−1 columns of U ⊥ g and linearly independent. Q is the last D−1
 * columns of the Householder reflector that maps ĝ to ∓e₁. These are dense (small D); `DenseMetric` wraps any
 * dense SPD matrix as a MetricOperator through src/linalg.
 */
import { InvalidArgumentError, NotPositiveDefiniteError, ShapeError } from '../errors.ts';
import { cholesky, eigh, matvec, solveSPD, type Matrix } from '../linalg/index.ts';
import { angleFromStats, pairStats, requireEffective, type Angle } from './angle.ts';
import { checkDenseDim, checkVector, conditionOf, mergeEigenvalues, InvertedOperator, type Eigenvalue, type MetricOperator, type OperatorRole } from './operator.ts';
import { toF64 } from './vec.ts';

/** An orthonormal basis of g^⊥ as a Householder reflector H = I − 2 v vᵀ/vᵀv (H ĝ = ∓e₁; Q = H[:, 1:]). */
export class ComplementBasis {
  readonly dim: number;
  private readonly v: Float64Array;
  private readonly vv: number;
  constructor(g: ArrayLike<number>) {
    const n = g.length;
    let gg = 0;
    for (let i = 0; i < n; i++) gg += g[i]! * g[i]!;
    if (!(gg > 0)) throw new InvalidArgumentError('ComplementBasis: g = 0 has no well-defined orthogonal complement');
    const norm = Math.sqrt(gg);
    this.dim = n;
    this.v = new Float64Array(n);
    for (let i = 0; i < n; i++) this.v[i] = g[i]! / norm;
    // add sign(ĝ₀)·e₁ so that no cancellation happens in v₀
    this.v[0] = this.v[0]! + (this.v[0]! >= 0 ? 1 : -1);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += this.v[i]! * this.v[i]!;
    this.vv = vv;
  }
  /** H x for a D-vector x. */
  private reflect(x: Float64Array): Float64Array {
    let d = 0;
    for (let i = 0; i < this.dim; i++) d += this.v[i]! * x[i]!;
    const k = 2 * d / this.vv;
    const out = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = x[i]! - k * this.v[i]!;
    return out;
  }
  /** Q z for z ∈ R^{D−1}. */
  expand(z: ArrayLike<number>): Float64Array {
    const x = new Float64Array(this.dim);
    for (let i = 1; i < this.dim; i++) x[i] = z[i - 1]!;
    return this.reflect(x);
  }
  /** Qᵀ x ∈ R^{D−1}. */
  project(x: ArrayLike<number>): Float64Array {
    return this.reflect(toF64(x)).subarray(1);
  }
  /** Q as a dense D×(D−1) matrix. */
  matrix(): Matrix {
    const n = this.dim, data = new Float64Array(n * (n - 1));
    for (let i = 0; i < n; i++) for (let j = 1; j < n; j++) {
      data[i * (n - 1) + j - 1] = (i === j ? 1 : 0) - 2 * this.v[i]! * this.v[j]! / this.vv;
    }
    return { rows: n, cols: n - 1, data };
  }
}

/** A dense symmetric matrix as a MetricOperator (apply by matvec, solve by Cholesky, spectrum by eigh). */
export class DenseMetric implements MetricOperator {
  readonly dim: number;
  readonly warning?: string;
  private eig?: Float64Array;
  constructor(readonly kind: string, readonly role: OperatorRole, readonly matrix: Matrix) {
    if (matrix.rows !== matrix.cols) throw new ShapeError(`DenseMetric: the matrix is ${matrix.rows}×${matrix.cols}; a square matrix is required`);
    this.dim = matrix.rows;
  }
  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array {
    const o = checkVector(`${this.kind}.apply`, v, this.dim, out);
    o.set(matvec(this.matrix, toF64(v)));
    return o;
  }
  solve(v: ArrayLike<number>, out?: Float64Array): Float64Array {
    const o = checkVector(`${this.kind}.solve`, v, this.dim, out);
    o.set(solveSPD(this.matrix, Float64Array.from(v)));
    return o;
  }
  private values(): Float64Array {
    this.eig ??= eigh(this.matrix).values;
    return this.eig;
  }
  /** Numerical eigenvalues; values within 1e-12 relative of each other are merged. */
  eigenvalues(): Eigenvalue[] {
    const v = this.values();
    const scale = Math.max(Math.abs(v[0]!), Math.abs(v[v.length - 1]!));
    const out: Eigenvalue[] = [];
    for (const x of v) {
      const last = out[out.length - 1];
      if (last && Math.abs(x - last.value) <= 1e-12 * scale) last.multiplicity++;
      else out.push({ value: x, multiplicity: 1 });
    }
    return mergeEigenvalues(out, 0);
  }
  conditionNumber(): number { return conditionOf(this.eigenvalues()); }
  isPositiveDefinite(): boolean { return this.values()[0]! > 0; }
  dense(): Float64Array { checkDenseDim(this.kind, this.dim); return this.matrix.data.slice(); }
  inverse(): MetricOperator { return new InvertedOperator(this); }
}

function pair(op: string, y: ArrayLike<number>, g: ArrayLike<number>): { y: Float64Array; g: Float64Array; yg: number; angle: Angle } {
  const s = pairStats(y, g, op);
  return { y: toF64(y), g: toF64(g), yg: s.yg, angle: requireEffective(op, angleFromStats(s, op)) };
}

export interface CanonicalOptions {
  /** SPD (D−1)×(D−1): M = y yᵀ/(yᵀg) + Q S Qᵀ (default S = I, which gives the BFGS metric). */
  S?: Matrix;
  /** D×(D−1) with columns ⊥ g and linearly independent: M = y yᵀ/(yᵀg) + U Uᵀ. */
  U?: Matrix;
  /** Accepted ‖Uᵀg‖ / (‖U‖_F ‖g‖) (default 1e-10). */
  orthogonalityTol?: number;
}

/** The canonical-form metric with a user-given S or U (dense; D ≤ MAX_DENSE_DIM). */
export function canonicalMetric(y: ArrayLike<number>, g: ArrayLike<number>, opts: CanonicalOptions = {}): DenseMetric {
  const op = 'canonicalMetric';
  const p = pair(op, y, g);
  const n = p.y.length;
  checkDenseDim(op, n);
  if (opts.S && opts.U) throw new InvalidArgumentError(`${op}: give S or U, not both`);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = p.y[i]! * p.y[j]! / p.yg;
  if (opts.U) {
    const U = opts.U;
    if (U.rows !== n || U.cols !== n - 1) throw new ShapeError(`${op}: U is ${U.rows}×${U.cols}; it must be ${n}×${n - 1} (D×(D−1))`);
    const tol = opts.orthogonalityTol ?? 1e-10;
    let fro = 0, gn = 0;
    for (const x of U.data) fro += x * x;
    for (const x of p.g) gn += x * x;
    for (let j = 0; j < n - 1; j++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += U.data[i * (n - 1) + j]! * p.g[i]!;
      if (Math.abs(d) > tol * Math.sqrt(fro * gn)) {
        throw new InvalidArgumentError(`${op}: column ${j} of U is not orthogonal to g (uᵀg = ${d}); every u_i must satisfy u_iᵀg = 0`);
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n - 1; k++) s += U.data[i * (n - 1) + k]! * U.data[j * (n - 1) + k]!;
      m[i * n + j] = m[i * n + j]! + s;
    }
  } else {
    const Q = new ComplementBasis(p.g).matrix();
    const S = opts.S;
    if (S) {
      if (S.rows !== n - 1 || S.cols !== n - 1) throw new ShapeError(`${op}: S is ${S.rows}×${S.cols}; it must be ${n - 1}×${n - 1} ((D−1)×(D−1))`);
      try { cholesky(S); } catch (e) {
        if (e instanceof NotPositiveDefiniteError) throw new NotPositiveDefiniteError(`${op}: S must be symmetric positive definite (${e.message})`);
        throw e;
      }
    }
    const k = n - 1;
    // Q S Qᵀ by two small products (D ≤ MAX_DENSE_DIM)
    const QS = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) {
      if (!S) { QS[i * k + j] = Q.data[i * k + j]!; continue; }
      let s = 0;
      for (let l = 0; l < k; l++) s += Q.data[i * k + l]! * S.data[l * k + j]!;
      QS[i * k + j] = s;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += QS[i * k + l]! * Q.data[j * k + l]!;
      m[i * n + j] = m[i * n + j]! + s;
      if (j < i) m[j * n + i] = m[i * n + j]!;
    }
  }
  // symmetrise exactly (the y yᵀ part is symmetric; U Uᵀ and Q S Qᵀ sums may differ in the last bit)
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const s = (m[i * n + j]! + m[j * n + i]!) / 2; m[i * n + j] = s; m[j * n + i] = s;
  }
  const M = new DenseMetric('canonical', 'metric', { rows: n, cols: n, data: m });
  if (opts.U && !M.isPositiveDefinite()) {
    throw new NotPositiveDefiniteError(`${op}: y yᵀ/(yᵀg) + U Uᵀ is not positive definite, so the columns of U are not linearly independent (rank < D−1)`);
  }
  return M;
}
