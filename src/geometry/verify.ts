/**
 * Checks for a user's dense metric (reference §5.1): is M symmetric, positive definite, does M g = y hold, does
 * −M⁻¹∇L reproduce g, and how does κ(M) compare with the bound κ_min(ψ) that no metric can beat (§2.4). And the
 * Theorem 2 decomposition M = y yᵀ/(yᵀg) + Σ u_i u_iᵀ with u_i = √λ_i e_i from the eigenpairs of M − y yᵀ/(yᵀg).
 */
import { InvalidArgumentError, NotPositiveDefiniteError, ShapeError } from '../errors.ts';
import { eigh, matvec, solveSPD, type Matrix } from '../linalg/index.ts';
import { angle, kappaMinSinCos, requireEffective, type Angle } from './angle.ts';
import { ComplementBasis } from './canonical.ts';
import { MAX_DENSE_DIM } from './operator.ts';
import { toF64 } from './vec.ts';

/** A dense matrix as a linalg Matrix or as rows. */
export type DenseInput = Matrix | ArrayLike<ArrayLike<number>>;

function asMatrix(op: string, M: DenseInput, n: number): Matrix {
  let A: Matrix;
  if ((M as Matrix).data instanceof Float64Array && typeof (M as Matrix).rows === 'number') {
    A = M as Matrix;
  } else {
    const rows = M as ArrayLike<ArrayLike<number>>;
    const r = rows.length, c = r > 0 ? rows[0]!.length : 0;
    const data = new Float64Array(r * c);
    for (let i = 0; i < r; i++) {
      if (rows[i]!.length !== c) throw new ShapeError(`${op}: row ${i} of M has ${rows[i]!.length} entries but row 0 has ${c}`);
      for (let j = 0; j < c; j++) data[i * c + j] = rows[i]![j]!;
    }
    A = { rows: r, cols: c, data };
  }
  if (A.rows !== n || A.cols !== n) throw new ShapeError(`${op}: M is ${A.rows}×${A.cols} but y and g have length ${n}; M must be ${n}×${n}`);
  if (n > MAX_DENSE_DIM) throw new ShapeError(`${op}: D = ${n} exceeds ${MAX_DENSE_DIM}; dense checks are O(D³)`);
  for (let p = 0; p < A.data.length; p++) {
    if (!Number.isFinite(A.data[p]!)) throw new InvalidArgumentError(`${op}: M[${Math.floor(p / n)}, ${p % n}] is ${A.data[p]}; only finite numbers are accepted`);
  }
  return A;
}

function symmetrised(A: Matrix): { S: Matrix; asym: number } {
  const n = A.rows, a = A.data, s = new Float64Array(n * n);
  let diff = 0, tot = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const x = a[i * n + j]!, xt = a[j * n + i]!;
    s[i * n + j] = (x + xt) / 2;
    diff += (x - xt) ** 2; tot += x * x;
  }
  return { S: { rows: n, cols: n, data: s }, asym: tot > 0 ? Math.sqrt(diff / tot) : 0 };
}

function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) { d += (a[i]! - b[i]!) ** 2; n += b[i]! * b[i]!; }
  return Math.sqrt(d / n);
}

export interface MetricReport {
  dim: number;
  /** ‖M − Mᵀ‖_F / ‖M‖_F. */
  symmetryError: number;
  minEigenvalue: number;
  maxEigenvalue: number;
  positiveDefinite: boolean;
  /** κ(M) = λ_max/λ_min (Infinity when not PD). */
  kappa: number;
  /** κ_min(ψ) of the pair (NaN when no metric exists). */
  kappaMin: number;
  /** κ/κ_min, ≥ 1 for every admissible metric. */
  kappaRatio: number;
  /** ‖M g − y‖ / ‖y‖. */
  residual: number;
  /** ‖M⁻¹y − g‖ / ‖g‖ (does NGD with M reproduce the update?); NaN when M is not PD. */
  ngdResidual: number;
  angle: Angle;
  /** Canonical-form factors when M is admissible: |cos| between the kernel of M − y yᵀ/yᵀg and g, and its smallest non-kernel eigenvalue. */
  canonical?: { kernelAlignment: number; kernelEigenvalue: number; minFactorEigenvalue: number };
  ok: boolean;
  problems: string[];
}

export interface VerifyOptions {
  /** Tolerance for symmetry, residual and the bound check (default 1e-8). */
  tol?: number;
}

/** Everything that decides whether a dense M is a metric for the pair (y, g): see MetricReport. */
export function verifyMetric(M: DenseInput, y: ArrayLike<number>, g: ArrayLike<number>, opts: VerifyOptions = {}): MetricReport {
  const op = 'verifyMetric';
  const tol = opts.tol ?? 1e-8;
  const a = angle(y, g);
  const yf = toF64(y), gf = toF64(g), n = yf.length;
  const A = asMatrix(op, M, n);
  const { S, asym } = symmetrised(A);
  const values = eigh(S).values;
  const minE = values[0]!, maxE = values[n - 1]!;
  const pd = minE > 0;
  const kappa = pd ? maxE / minE : Infinity;
  const kMin = a.status === 'effective' ? kappaMinSinCos(a.sin, a.cos) : NaN;
  const Mg = matvec(A, gf);
  const residual = a.normY > 0 ? relDiff(Mg, yf) : Math.sqrt(Mg.reduce((s, x) => s + x * x, 0));
  let ngdResidual = NaN;
  if (pd && a.normG > 0) ngdResidual = relDiff(solveSPD(S, yf), gf);
  const problems: string[] = [];
  if (asym > tol) problems.push(`M is not symmetric (‖M − Mᵀ‖/‖M‖ = ${asym.toExponential(3)})`);
  if (!pd) problems.push(`M is not positive definite (smallest eigenvalue ${minE.toPrecision(6)})`);
  if (!(residual <= tol)) problems.push(`M g ≠ y (‖Mg − y‖/‖y‖ = ${residual.toExponential(3)})`);
  if (a.status !== 'effective' && a.status !== 'equilibrium') problems.push(`no metric can exist for this pair: ${a.status}`);
  const kappaRatio = kappa / kMin;
  if (pd && kappaRatio < 1 - tol) problems.push(`κ(M) = ${kappa} is below κ_min = ${kMin}, which no metric with M g = y can do: M g ≠ y or the input is inconsistent`);
  const report: MetricReport = { dim: n, symmetryError: asym, minEigenvalue: minE, maxEigenvalue: maxE, positiveDefinite: pd, kappa, kappaMin: kMin,
    kappaRatio, residual, ngdResidual, angle: a, ok: problems.length === 0, problems };
  if (report.ok && a.status === 'effective') {
    const d = decomposeMetric(S, yf, gf, { tol });
    report.canonical = { kernelAlignment: d.kernelAlignment, kernelEigenvalue: d.kernelEigenvalue, minFactorEigenvalue: d.lambdas[0] ?? NaN };
  }
  return report;
}

export interface Decomposition {
  /** D×(D−1): column i is u_i = √λ_i e_i, so M = y yᵀ/(yᵀg) + U Uᵀ. */
  U: Matrix;
  /** The D−1 positive eigenvalues λ_i of R = M − y yᵀ/(yᵀg), ascending. */
  lambdas: Float64Array;
  /** The eigenvalue of R on its kernel (≈ 0 up to rounding). */
  kernelEigenvalue: number;
  /** |e₀ᵀĝ| for the kernel eigenvector e₀ of R (1 when the kernel is span{g}, as Theorem 2 says). */
  kernelAlignment: number;
  /** S = Qᵀ R Q in the Householder basis Q of g^⊥ (canonicalMetric(y, g, { S }) rebuilds M). */
  S: Matrix;
  residual: number;
}

/** Theorem 2's decomposition of an admissible metric; throws if M is not SPD or M g ≠ y (to `tol`, default 1e-8). */
export function decomposeMetric(M: DenseInput, y: ArrayLike<number>, g: ArrayLike<number>, opts: VerifyOptions = {}): Decomposition {
  const op = 'decomposeMetric';
  const tol = opts.tol ?? 1e-8;
  const a = requireEffective(op, angle(y, g));
  const yf = toF64(y), gf = toF64(g), n = yf.length;
  const { S } = symmetrised(asMatrix(op, M, n));
  const ev = eigh(S).values;
  if (!(ev[0]! > 0)) throw new NotPositiveDefiniteError(`${op}: M is not positive definite (smallest eigenvalue ${ev[0]}); only an SPD M is a metric`);
  const residual = relDiff(matvec(S, gf), yf);
  if (!(residual <= tol)) throw new InvalidArgumentError(`${op}: M g ≠ y (‖Mg − y‖/‖y‖ = ${residual.toExponential(3)} > tol = ${tol}); M is not a metric for this update`);
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) R[i * n + j] = S.data[i * n + j]! - yf[i]! * yf[j]! / a.yg;
  const { values, vectors } = eigh({ rows: n, cols: n, data: R });
  let align = 0;
  for (let i = 0; i < n; i++) align += vectors.data[i * n]! * gf[i]!;
  const lambdas = values.slice(1);
  if (n > 1 && !(lambdas[0]! > 0)) {
    throw new NotPositiveDefiniteError(`${op}: M − y yᵀ/(yᵀg) has a second non-positive eigenvalue ${lambdas[0]}; M is not SPD to working precision`);
  }
  const U = new Float64Array(n * (n - 1));
  for (let j = 1; j < n; j++) {
    const s = Math.sqrt(values[j]!);
    for (let i = 0; i < n; i++) U[i * (n - 1) + j - 1] = s * vectors.data[i * n + j]!;
  }
  const k = n - 1, Smat = new Float64Array(k * k);
  if (k > 0) {
    const Q = new ComplementBasis(gf);
    // S = Qᵀ R Q column by column
    const cols: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      const e = new Float64Array(k); e[j] = 1;
      cols.push(Q.project(matvec({ rows: n, cols: n, data: R }, Q.expand(e))));
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Smat[i * k + j] = (cols[j]![i]! + cols[i]![j]!) / 2;
  }
  return { U: { rows: n, cols: n - 1, data: U }, lambdas, kernelEigenvalue: values[0]!, kernelAlignment: Math.abs(align) / a.normG,
    S: { rows: k, cols: k, data: Smat }, residual };
}
