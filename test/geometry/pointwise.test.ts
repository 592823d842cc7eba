// Point-wise metric library (arXiv 2409.16422, reference §2.1–§2.6): operators against dense eigh, closed forms,
// the κ_min bound over random canonical metrics, and the input errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import type { Rng } from '../../src/random/index.ts';
import { eigh, solveSPD, type Matrix } from '../../src/linalg/index.ts';
import { ResourceError, ShapeError, NonFiniteError, InvalidArgumentError, NotPositiveDefiniteError } from '../../src/errors.ts';
import {
  angle, isEffective, classifyPair, kappaMin, kappaMinSinCos, kappaMinAsymptotic, alphaOpt, NoMetricError, metricOpt, metricAlpha, metricBfgs,
  metricDfp, inverseMetricOpt, spectrumFamily, metricPsb, metricSr1, metricSecant, canonicalMetric, verifyMetric, decomposeMetric,
  ComplementBasis, type MetricOperator, type Eigenvalue,
} from '../../src/geometry/index.ts';

const HALF_PI = Math.PI / 2;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; }
function nrm(a: ArrayLike<number>): number { return Math.sqrt(dot(a, a)); }
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0; for (let i = 0; i < a.length; i++) d += (a[i]! - b[i]!) ** 2; return Math.sqrt(d) / nrm(b);
}

/** A pair (y, g) in R^D at angle ψ with random norms and directions. */
function pairAt(rng: Rng, D: number, psi: number): { y: Float64Array; g: Float64Array } {
  const g = rng.fillNormal(new Float64Array(D), 0, Math.exp(2 * rng.uniform() - 1));
  const u = rng.fillNormal(new Float64Array(D));
  const gn = nrm(g);
  for (let pass = 0; pass < 2; pass++) { const k = dot(u, g) / (gn * gn); for (let i = 0; i < D; i++) u[i] = u[i]! - k * g[i]!; }
  const un = nrm(u), ny = Math.exp(4 * rng.uniform() - 2);
  const c = Math.cos(psi), s = Math.sin(psi);
  const y = new Float64Array(D);
  for (let i = 0; i < D; i++) y[i] = ny * (c * g[i]! / gn + s * u[i]! / un);
  return { y, g };
}

function expand(eigs: Eigenvalue[]): number[] {
  return eigs.flatMap((e) => Array<number>(e.multiplicity).fill(e.value));
}

function denseEig(op: MetricOperator): Float64Array {
  return eigh({ rows: op.dim, cols: op.dim, data: op.dense() }).values;
}

function randomSpd(rng: Rng, k: number): Matrix {
  const A = rng.fillNormal(new Float64Array(k * k));
  const s = new Float64Array(k * k), scale = Math.exp(3 * rng.uniform() - 1.5);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let t = 0; for (let l = 0; l < k; l++) t += A[i * k + l]! * A[j * k + l]!;
    s[i * k + j] = scale * (t / k + (i === j ? 0.05 : 0));
  }
  return { rows: k, cols: k, data: s };
}

const PSIS = [1e-8, 1e-5, 0.01, 0.3, Math.PI / 4, 1.2, 1.5, HALF_PI - 1e-4, HALF_PI - 1e-8];

test('M_opt g = y to 1e-12 and M_opt⁻¹ y = g, for D = 2…10⁴ and ψ from 1e-8 to π/2 − 1e-8', () => {
  const rng = createRng('geometry-mopt');
  let cases = 0;
  for (const D of [2, 3, 5, 20, 300, 10_000]) {
    for (const psi of PSIS) {
      const { y, g } = pairAt(rng, D, psi);
      const M = metricOpt(y, g);
      assert.ok(relErr(M.apply(g), y) <= 1e-12, `D=${D} ψ=${psi}: ‖Mg−y‖/‖y‖ = ${relErr(M.apply(g), y)}`);
      assert.ok(relErr(M.solve(y), g) <= 1e-12, `D=${D} ψ=${psi}: M⁻¹y`);
      const a = angle(y, g);
      // ψ is recovered to rounding of the representation of y (absolute, not relative near 0)
      assert.ok(Math.abs(a.psi - psi) <= 1e-14, `D=${D} ψ=${psi}: got ${a.psi}`);
      assert.equal(M.alpha, alphaOpt(y, g));
      if (psi <= 1.2) {
        // apply ∘ solve = I on a random vector (the error grows like κ ε, so only where κ is moderate)
        const v = rng.fillNormal(new Float64Array(D));
        assert.ok(relErr(M.apply(M.solve(v)), v) <= 1e-12);
      }
      cases++;
    }
  }
  assert.equal(cases, 54);
});

test('κ(M_opt) = κ_min(ψ) = (1+sinψ)/(1−sinψ), analytic eigenvalues α*(1∓sinψ), α* ×(D−2)', () => {
  const rng = createRng('geometry-kappa');
  for (const D of [2, 3, 7, 1000]) {
    for (const psi of PSIS) {
      const { y, g } = pairAt(rng, D, psi);
      const M = metricOpt(y, g);
      const a = angle(y, g);
      const kmin = kappaMinSinCos(a.sin, a.cos);
      assert.ok(Math.abs(M.conditionNumber() / kmin - 1) <= 1e-12, `D=${D} ψ=${psi}: κ ${M.conditionNumber()} vs ${kmin}`);
      // through the rounded angle: cos ψ near π/2 carries ulp(ψ)/cos ψ relative error
      assert.ok(Math.abs(M.conditionNumber() / kappaMin(a.psi) - 1) <= 1e-12 + 1e-15 / Math.cos(psi));
      // against the nominal ψ: κ_min is ill-conditioned near π/2 (dκ/κ ≈ 2 dψ/cosψ), so scale the tolerance
      assert.ok(Math.abs(M.conditionNumber() / kappaMin(psi) - 1) <= 1e-12 + 4e-16 * D / Math.cos(psi));
      const ev = M.eigenvalues();
      const al = M.alpha;
      const lo = al * a.cos ** 2 / (1 + a.sin); // α*(1 − sinψ) without the cancellation near π/2
      const expected = D === 2 ? [lo, al * (1 + a.sin)] : [lo, al, al * (1 + a.sin)];
      if (psi < 1.5) assert.ok(Math.abs(lo / (al * (1 - a.sin)) - 1) <= 1e-12);
      if (psi > 1e-7) {
        assert.deepEqual(ev.map((e) => e.multiplicity), D === 2 ? [1, 1] : [1, D - 2, 1]);
        ev.forEach((e, i) => assert.ok(Math.abs(e.value / expected[i]! - 1) <= 1e-12));
      }
      assert.equal(expand(ev).length, D);
    }
  }
  // the closed forms of the reference: ((1+s)/c)², tan²(π/4+ψ/2), asymptotic 4/ε² − 2/3
  for (const psi of [0, 0.1, 1, 1.5]) {
    assert.ok(Math.abs(kappaMin(psi) / Math.tan(Math.PI / 4 + psi / 2) ** 2 - 1) <= 1e-12);
  }
  assert.equal(kappaMin(0), 1);
  assert.ok(Math.abs(kappaMin(HALF_PI - 0.01) / kappaMinAsymptotic(0.01) - 1) <= 1e-9);
  assert.ok(Math.abs(kappaMin(HALF_PI - 0.1) - 399.33) < 0.01); // reference §2.5
});

test('every operator: analytic eigenvalues and κ match a dense eigendecomposition (D ≤ 300) to 1e-10', () => {
  const rng = createRng('geometry-dense');
  let checked = 0;
  for (const D of [2, 3, 6, 40, 300]) {
    for (const psi of PSIS) {
      const { y, g } = pairAt(rng, D, psi);
      const ops: MetricOperator[] = [metricOpt(y, g), metricAlpha(y, g, Math.exp(4 * rng.uniform() - 2)), metricBfgs(y, g),
        metricDfp(y, g), inverseMetricOpt(y, g), metricOpt(y, g).inverse(), inverseMetricOpt(y, g).inverse(), metricPsb(y, g)];
      for (const op of ops) {
        const dense = denseEig(op);
        const analytic = expand(op.eigenvalues());
        assert.equal(analytic.length, D, `${op.kind}: multiplicities sum to D`);
        const scale = Math.max(Math.abs(dense[0]!), Math.abs(dense[D - 1]!));
        for (let i = 0; i < D; i++) {
          assert.ok(Math.abs(analytic[i]! - dense[i]!) <= 1e-10 * scale, `${op.kind} D=${D} ψ=${psi}: λ${i} ${analytic[i]} vs ${dense[i]}`);
        }
        const kd = Math.abs(dense[D - 1]!) / Math.abs(dense[0]!);
        // the dense κ is only accurate to ≈ κ ε; compare where that is below 1e-10
        if (op.isPositiveDefinite() && kd < 1e5) {
          assert.ok(Math.abs(op.conditionNumber() / kd - 1) <= 1e-10, `${op.kind} D=${D} ψ=${psi}: κ ${op.conditionNumber()} vs ${kd}`);
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 300);
});

test('secant metrics match their textbook formulas; each satisfies M g = y; roles and duality', () => {
  const rng = createRng('geometry-secant');
  const D = 6;
  const { y, g } = pairAt(rng, D, 1.1);
  const yg = dot(y, g), gg = dot(g, g), yy = dot(y, y);
  const I = (i: number, j: number) => (i === j ? 1 : 0);
  const dfp = new Float64Array(D * D), psb = new Float64Array(D * D), bfgs = new Float64Array(D * D), pOpt = new Float64Array(D * D);
  const mOptInv = new Float64Array(D * D);
  const d = y.map((v, i) => v - g[i]!), dg = dot(d, g);
  const yh = y.map((v) => v / Math.sqrt(yy)), gh = g.map((v) => v / Math.sqrt(gg));
  const c = yg / Math.sqrt(yy * gg);
  // Π: projector onto span{g, y} via the orthonormal pair (ĝ, ê)
  const e = yh.map((v, i) => v - c * gh[i]!); const en = nrm(e); for (let i = 0; i < D; i++) e[i] = e[i]! / en;
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) {
    // (I − y gᵀ/yg)(I − g yᵀ/yg) + y yᵀ/yg
    let s = 0; for (let k = 0; k < D; k++) s += (I(i, k) - y[i]! * g[k]! / yg) * (I(k, j) - g[k]! * y[j]! / yg);
    dfp[i * D + j] = s + y[i]! * y[j]! / yg;
    psb[i * D + j] = I(i, j) + (d[i]! * g[j]! + g[i]! * d[j]!) / gg - dg * g[i]! * g[j]! / (gg * gg);
    bfgs[i * D + j] = I(i, j) - gh[i]! * gh[j]! + y[i]! * y[j]! / yg;
    pOpt[i * D + j] = (gg / yg) * (I(i, j) + gh[i]! * gh[j]! - yh[i]! * yh[j]!);
    const pi = gh[i]! * gh[j]! + e[i]! * e[j]!;
    mOptInv[i * D + j] = (yg / yy) * ((I(i, j) - pi) + (pi - yh[i]! * yh[j]! + gh[i]! * gh[j]!) / (c * c));
  }
  const close = (a: Float64Array, b: Float64Array, what: string) => assert.ok(relErr(a, b) <= 1e-12, `${what}: ${relErr(a, b)}`);
  close(metricSecant(y, g, 'dfp').dense(), dfp, 'DFP');
  close(metricSecant(y, g, 'psb').dense(), psb, 'PSB');
  close(metricSecant(y, g, 'bfgs').dense(), bfgs, 'BFGS');
  close(inverseMetricOpt(y, g).dense(), pOpt, 'P_opt');
  close(metricOpt(y, g).inverse().dense(), mOptInv, 'M_opt⁻¹ closed form (§2.4)');
  close(metricOpt(y, g).dense(), canonicalMetric(y, g, { S: { rows: D - 1, cols: D - 1, data: new Float64Array((D - 1) ** 2).map((_, k) => (k % D === 0 ? yy / yg : 0)) } }).dense(), 'M_opt = canonical with S = α* I');
  for (const kind of ['bfgs', 'dfp', 'psb', 'sr1'] as const) {
    const M = metricSecant(y, g, kind);
    assert.equal(M.role, 'metric');
    assert.ok(relErr(M.apply(g), y) <= 1e-13, kind);
    if (M.isPositiveDefinite()) assert.ok(relErr(M.solve(y), g) <= 1e-12, kind);
  }
  // P_opt is an inverse metric: P y = g, κ = κ_min, and not M_opt⁻¹ when D ≥ 3
  const P = inverseMetricOpt(y, g);
  assert.equal(P.role, 'inverse-metric');
  assert.ok(relErr(P.apply(y), g) <= 1e-13);
  assert.equal(P.inverse().role, 'metric');
  assert.ok(relErr(P.inverse().apply(g), y) <= 1e-12);
  assert.ok(Math.abs(P.conditionNumber() / kappaMin(angle(y, g).psi) - 1) <= 1e-12);
  assert.ok(relErr(P.dense(), mOptInv) > 1e-3);
  // κ ordering of the reference's random test: κ_min ≤ κ(BFGS), κ(DFP)
  const kmin = kappaMin(angle(y, g).psi);
  assert.ok(metricBfgs(y, g).conditionNumber() >= kmin && metricDfp(y, g).conditionNumber() >= kmin);
  // the analytic family spectrum (§2.3)
  const al = 0.7, A = metricAlpha(y, g, al), sp = spectrumFamily(angle(y, g).psi, al, D, Math.sqrt(yy / gg));
  expand(sp.eigenvalues).forEach((v, i) => assert.ok(Math.abs(v / expand(A.eigenvalues())[i]! - 1) <= 1e-12));
  assert.ok(Math.abs(sp.kappa / A.conditionNumber() - 1) <= 1e-12);
});

test('PSB and SR1 warn when they are not positive definite (but still solve M g = y)', () => {
  const rng = createRng('geometry-psb');
  let psbWarned = 0, sr1Warned = 0;
  for (let t = 0; t < 400; t++) {
    const { y, g } = pairAt(rng, 3, 1.45 * rng.uniform());
    for (const M of [metricPsb(y, g), metricSr1(y, g)]) {
      const minDense = denseEig(M)[0]!;
      assert.equal(M.isPositiveDefinite(), minDense > 0, `${M.kind}: PD flag vs dense min eigenvalue ${minDense}`);
      assert.equal(M.warning !== undefined, !(minDense > 0));
      if (M.warning) { if (M.kind === 'psb') psbWarned++; else sr1Warned++; assert.match(M.warning, /not positive definite/); }
      assert.ok(relErr(M.apply(g), y) <= 1e-12);
    }
  }
  assert.ok(psbWarned > 0 && sr1Warned > 0, `found non-PD cases: psb ${psbWarned}, sr1 ${sr1Warned}`);
  // y = g: SR1 is the identity; (y − g)ᵀg = 0 with y ≠ g: undefined
  assert.deepEqual(Array.from(metricSr1([1, 2], [1, 2]).apply([3, 4])), [3, 4]);
  assert.throws(() => metricSr1([1, 1], [1, 0]), InvalidArgumentError);
});

test('random admissible metrics (canonical form, random SPD S) never beat κ_min; S = Qᵀ(M_opt − yyᵀ/yᵀg)Q attains it', () => {
  const rng = createRng('geometry-bound');
  let n = 0;
  for (const D of [2, 3, 4, 8]) {
    for (let t = 0; t < 60; t++) {
      const psi = [1e-6, 0.2, 0.8, 1.3, 1.55][t % 5]!;
      const { y, g } = pairAt(rng, D, psi);
      const M = canonicalMetric(y, g, { S: randomSpd(rng, D - 1) });
      const r = verifyMetric(M.matrix, y, g);
      assert.ok(r.ok, r.problems.join('; '));
      assert.ok(r.residual <= 1e-12);
      assert.ok(r.kappaRatio >= 1 - 1e-9, `D=${D} ψ=${psi}: κ/κ_min = ${r.kappaRatio}`);
      n++;
    }
    const { y, g } = pairAt(rng, D, 0.9);
    const opt = decomposeMetric({ rows: D, cols: D, data: metricOpt(y, g).dense() }, y, g);
    const r = verifyMetric(canonicalMetric(y, g, { S: opt.S }).matrix, y, g);
    assert.ok(Math.abs(r.kappaRatio - 1) <= 1e-9, `optimal S: κ/κ_min = ${r.kappaRatio}`);
  }
  assert.equal(n, 240);
});

test('decomposeMetric round-trips the canonical form (S and U), and verifyMetric flags bad metrics', () => {
  const rng = createRng('geometry-decompose');
  for (const D of [2, 5, 12]) {
    const { y, g } = pairAt(rng, D, 1.0);
    const S = randomSpd(rng, D - 1);
    const M = canonicalMetric(y, g, { S });
    const d = decomposeMetric(M.matrix, y, g);
    assert.ok(relErr(d.S.data, S.data) <= 1e-9, `S recovered: ${relErr(d.S.data, S.data)}`);
    assert.ok(Math.abs(d.kernelAlignment - 1) <= 1e-10);
    assert.ok(Math.abs(d.kernelEigenvalue) <= 1e-10 * d.lambdas[d.lambdas.length - 1]!);
    const back = canonicalMetric(y, g, { U: d.U });
    assert.ok(relErr(back.matrix.data, M.matrix.data) <= 1e-10);
    // the Householder basis is orthonormal and ⊥ g
    const Q = new ComplementBasis(g).matrix();
    for (let j = 0; j < D - 1; j++) {
      let s = 0; for (let i = 0; i < D; i++) s += Q.data[i * (D - 1) + j]! * g[i]!;
      assert.ok(Math.abs(s) <= 1e-13 * nrm(g));
    }
    // dense operator agrees with linalg
    const v = rng.fillNormal(new Float64Array(D));
    assert.ok(relErr(M.solve(v), solveSPD(M.matrix, v)) <= 1e-12);
  }
  const { y, g } = pairAt(rng, 4, 0.5);
  const Ident = { rows: 4, cols: 4, data: new Float64Array(16).map((_, k) => (k % 5 === 0 ? 1 : 0)) };
  const r = verifyMetric(Ident, y, g);
  assert.equal(r.ok, false);
  assert.match(r.problems.join(' '), /M g ≠ y/);
  const neg = metricOpt(y, g).dense(); neg[0] = -neg[0]!;
  const rn = verifyMetric({ rows: 4, cols: 4, data: neg }, y, g);
  assert.equal(rn.ok, false);
  assert.ok(rn.symmetryError === 0);
  assert.throws(() => decomposeMetric(Ident, y, g), /M g ≠ y/);
  // rows input and U not orthogonal to g
  const rows = Array.from({ length: 4 }, (_, i) => Array.from(metricOpt(y, g).dense().subarray(i * 4, i * 4 + 4)));
  assert.ok(verifyMetric(rows, y, g).ok);
  assert.throws(() => canonicalMetric(y, g, { U: { rows: 4, cols: 3, data: new Float64Array(12).fill(1) } }), /not orthogonal to g/);
  assert.throws(() => canonicalMetric(y, g, { S: { rows: 3, cols: 3, data: new Float64Array(9) } }), NotPositiveDefiniteError);
});

test('R-LTI-2: A = [[−1,−1],[1,−1]], L = ½‖θ‖² gives ψ = 45°, κ_min = 3 + 2√2, α* = 1/a', () => {
  const rng = createRng('geometry-rlti2');
  for (let t = 0; t < 20; t++) {
    const th = rng.fillNormal(new Float64Array(2));
    const g = [-th[0]! - th[1]!, th[0]! - th[1]!];
    const y = [-th[0]!, -th[1]!];
    const a = angle(y, g);
    assert.ok(Math.abs(a.psiDeg - 45) <= 1e-12);
    assert.ok(Math.abs(metricOpt(y, g).conditionNumber() - (3 + 2 * Math.SQRT2)) <= 1e-12);
    assert.ok(Math.abs(kappaMin(a.psi) - (3 + 2 * Math.SQRT2)) <= 1e-12);
    assert.ok(Math.abs(alphaOpt(y, g) - 1) <= 1e-14);
  }
});

test('input errors: ψ ≥ 90°, g = 0, y = 0, lengths, non-finite, α ≤ 0, dense beyond its limit', () => {
  const y = [1, 0, 0], gObtuse = [-1, 1, 0], gOrth = [0, 1, 0];
  for (const g of [gObtuse, gOrth]) {
    for (const make of [metricOpt, metricBfgs, metricDfp, inverseMetricOpt, metricPsb, metricSr1, alphaOpt, (a: number[], b: number[]) => canonicalMetric(a, b)]) {
      assert.throws(() => make(y, g), (e: unknown) => e instanceof NoMetricError && e.reason === 'not-descent' && /not a descent direction/.test(e.message));
    }
  }
  assert.equal(angle(y, gObtuse).psiDeg, 135);
  assert.equal(angle(y, gObtuse).effective, false);
  assert.equal(isEffective(y, gOrth).effective, false);
  assert.equal(isEffective(y, [1, 1, 0]).effective, true);
  assert.throws(() => kappaMin(HALF_PI), NoMetricError);
  assert.throws(() => kappaMin(NaN), InvalidArgumentError);
  // g = 0 with y ≠ 0: a flag from classifyPair/isEffective, an error from everything that needs ψ — never NaN
  assert.throws(() => angle(y, [0, 0, 0]), (e: unknown) => e instanceof NoMetricError && e.reason === 'zero-update');
  assert.throws(() => metricOpt(y, [0, 0, 0]), (e: unknown) => e instanceof NoMetricError && e.reason === 'zero-update');
  assert.equal(classifyPair(y, [0, 0, 0]).status, 'zero-update');
  assert.match(isEffective(y, [0, 0, 0]).explanation, /update g is 0/);
  assert.equal(classifyPair([0, 0, 0], [1, 0, 0]).status, 'zero-gradient-moving');
  assert.throws(() => metricOpt([0, 0, 0], [1, 0, 0]), NoMetricError);
  assert.equal(classifyPair([0, 0], [0, 0]).status, 'equilibrium');
  assert.throws(() => metricOpt([0, 0], [0, 0]), /equilibrium/);
  assert.throws(() => angle([1, 2], [1, 2, 3]), ShapeError);
  assert.throws(() => angle([], []), ShapeError);
  assert.throws(() => angle([1, NaN], [1, 2]), NonFiniteError);
  assert.throws(() => angle([1, 2], [Infinity, 2]), NonFiniteError);
  assert.throws(() => metricAlpha([1, 0], [1, 1], 0), InvalidArgumentError);
  assert.throws(() => metricAlpha([1, 0], [1, 1], -1), InvalidArgumentError);
  assert.throws(() => metricOpt([1, 0], [1, 1]).apply([1, 2, 3]), ShapeError);
  const big = new Float64Array(3000).fill(1);
  const M = metricOpt(big, big);
  assert.throws(() => M.dense(), ResourceError);
  assert.deepEqual(M.eigenvalues(), [{ value: 1, multiplicity: 3000 }]);
  // D = 1: the only metric is y/g
  assert.deepEqual(metricOpt([6], [2]).eigenvalues(), [{ value: 3, multiplicity: 1 }]);
  assert.equal(metricOpt([6], [2]).apply([2])[0], 6);
});
