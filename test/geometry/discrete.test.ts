// Discrete-time metrics (reference §2.9): the four discrete gradients' mean-value property on non-quadratic losses,
// consistency, O(η) convergence, the metric of a finite step and the small-learning-rate limit η M_k → M_cont.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import { eigh } from '../../src/linalg/index.ts';
import { InvalidArgumentError, ShapeError } from '../../src/errors.ts';
import {
  DISCRETE_GRADIENT_KINDS, discreteGradient, stepMetric, smallLrLimit, gaussLegendre, metricOpt, type LossFn, type GradFn,
} from '../../src/geometry/index.ts';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; }
function nrm(a: ArrayLike<number>): number { return Math.sqrt(dot(a, a)); }

interface Loss { name: string; loss: LossFn; grad: GradFn }

/** Σ log(1 + θ_i²) + cos(bᵀθ) + 0.05 (Σθ)⁴: smooth, non-convex, non-quadratic. */
function mixed(D: number): Loss {
  const b = Float64Array.from({ length: D }, (_, i) => 0.3 + 0.1 * Math.sin(i));
  return {
    name: 'log+cos+quartic',
    loss: (t) => { let s = 0, sum = 0; for (let i = 0; i < D; i++) { s += Math.log1p(t[i]! ** 2); sum += t[i]!; } return s + Math.cos(dot(b, t)) + 0.05 * sum ** 4; },
    grad: (t) => {
      let sum = 0; for (let i = 0; i < D; i++) sum += t[i]!;
      const sb = Math.sin(dot(b, t));
      return Float64Array.from({ length: D }, (_, i) => 2 * t[i]! / (1 + t[i]! ** 2) - sb * b[i]! + 0.2 * sum ** 3);
    },
  };
}

/** Generalised Rosenbrock Σ 100(θ_{i+1} − θ_i²)² + (1 − θ_i)². */
function rosenbrock(D: number): Loss {
  return {
    name: 'rosenbrock',
    loss: (t) => { let s = 0; for (let i = 0; i + 1 < D; i++) s += 100 * (t[i + 1]! - t[i]! ** 2) ** 2 + (1 - t[i]!) ** 2; return s; },
    grad: (t) => {
      const g = new Float64Array(D);
      for (let i = 0; i + 1 < D; i++) {
        const r = t[i + 1]! - t[i]! ** 2;
        g[i] = g[i]! - 400 * t[i]! * r - 2 * (1 - t[i]!);
        g[i + 1] = g[i + 1]! + 200 * r;
      }
      return g;
    },
  };
}

/** log Σ exp(a_kᵀθ) + ½‖θ‖². */
function logSumExp(D: number, seed: string): Loss {
  const rng = createRng(seed);
  const K = 4;
  const A = Array.from({ length: K }, () => rng.fillNormal(new Float64Array(D)));
  return {
    name: 'logsumexp',
    loss: (t) => { const z = A.map((a) => dot(a, t)); const m = Math.max(...z); return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) + dot(t, t) / 2; },
    grad: (t) => {
      const z = A.map((a) => dot(a, t)); const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m)); const s = e.reduce((p, q) => p + q, 0);
      return Float64Array.from({ length: D }, (_, i) => t[i]! + A.reduce((acc, a, k) => acc + a[i]! * e[k]! / s, 0));
    },
  };
}

test('Gauss–Legendre on [0, 1] integrates polynomials of degree ≤ 2n − 1 exactly', () => {
  for (const n of [1, 2, 3, 7, 20, 40]) {
    const q = gaussLegendre(n);
    for (let p = 0; p <= 2 * n - 1; p++) {
      let s = 0; for (let i = 0; i < n; i++) s += q.weights[i]! * q.nodes[i]! ** p;
      assert.ok(Math.abs(s - 1 / (p + 1)) <= 1e-14, `n=${n} p=${p}: ${s}`);
    }
  }
  assert.throws(() => gaussLegendre(0), InvalidArgumentError);
});

test('every discrete gradient satisfies the mean-value property to 1e-12 on non-quadratic losses', () => {
  const rng = createRng('geometry-mean-value');
  let checks = 0;
  for (const D of [1, 2, 5, 30]) {
    for (const L of [mixed(D), rosenbrock(Math.max(D, 2)), logSumExp(D, `lse${D}`)]) {
      const dim = L.name === 'rosenbrock' ? Math.max(D, 2) : D;
      for (let t = 0; t < 5; t++) {
        const x = rng.fillNormal(new Float64Array(dim), 0, 0.8);
        const x1 = x.map((v) => v + 0.3 * rng.normal());
        for (const kind of DISCRETE_GRADIENT_KINDS) {
          const dg = discreteGradient(kind, L.loss, kind === 'itoh-abe' && t % 2 === 0 ? undefined : L.grad, x, x1);
          const d = x1.map((v, i) => v - x[i]!);
          // recompute the defect independently of the library
          const defect = dot(dg.grad, d) - (L.loss(x1) - L.loss(x));
          const scale = Math.max(Math.abs(L.loss(x)), Math.abs(L.loss(x1)));
          assert.ok(Math.abs(defect) <= 1e-12 * scale, `${L.name} D=${dim} ${kind}: defect ${defect} (scale ${scale})`);
          assert.ok(dg.relativeResidual <= 1e-12);
          checks++;
        }
      }
    }
  }
  assert.equal(checks, 4 * 3 * 5 * 4);
});

test('consistency ∇̄L(x, x) = ∇L(x) and O(η) convergence to ∇L', () => {
  const rng = createRng('geometry-consistency');
  const L = mixed(6);
  const x = rng.fillNormal(new Float64Array(6), 0, 0.7), d = rng.fillNormal(new Float64Array(6));
  const g0 = L.grad(x);
  for (const kind of DISCRETE_GRADIENT_KINDS) {
    const same = discreteGradient(kind, L.loss, L.grad, x, x).grad;
    assert.ok(nrm(same.map((v, i) => v - g0[i]!)) <= 1e-15 * nrm(g0), kind);
    const err = [1e-2, 1e-3, 1e-4].map((eta) => {
      const g = discreteGradient(kind, L.loss, L.grad, x, x.map((v, i) => v + eta * d[i]!)).grad;
      return nrm(g.map((v, i) => v - g0[i]!));
    });
    for (let k = 0; k + 1 < err.length; k++) {
      const ratio = err[k]! / err[k + 1]!;
      assert.ok(ratio > 7 && ratio < 13, `${kind}: error ratio per decade ${ratio} (errors ${err})`);
    }
  }
  // AVF with n points is exact (to rounding) on a quartic, whose gradient is cubic: n = 2 suffices
  const quartic: Loss = { name: 'q', loss: (t) => t[0]! ** 4 + t[0]! * t[1]! ** 2, grad: (t) => Float64Array.of(4 * t[0]! ** 3 + t[1]! ** 2, 2 * t[0]! * t[1]!) };
  const dg = discreteGradient('avf', quartic.loss, quartic.grad, [0.3, -1.2], [1.7, 0.4], { order: 2 });
  assert.ok(dg.relativeResidual <= 1e-14);
  const dg1 = discreteGradient('avf', quartic.loss, quartic.grad, [0.3, -1.2], [1.7, 0.4], { order: 1 });
  assert.ok(dg1.relativeResidual > 1e-3, 'the midpoint rule is not exact on a quartic');
  assert.throws(() => discreteGradient('gonzalez', quartic.loss, undefined, [0, 0], [1, 1]), InvalidArgumentError);
  assert.throws(() => discreteGradient('avf', quartic.loss, quartic.grad, [0, 0], [1, 1, 1]), ShapeError);
  assert.throws(() => discreteGradient('nope' as never, quartic.loss, quartic.grad, [0, 0], [1, 1]), InvalidArgumentError);
});

test('the metric of a finite step: M_k Δ_k/η = y_k, yᵀg = ΔL/η exactly, and no metric for a step that raises the loss', () => {
  const L = rosenbrock(2);
  const x = Float64Array.of(-1.2, 1);
  for (const eta of [1e-4, 1e-3]) {
    const next = x.map((v, i) => v - eta * L.grad(x)[i]!);
    for (const kind of DISCRETE_GRADIENT_KINDS) {
      const st = stepMetric(L.loss, L.grad, x, next, { kind, eta });
      assert.equal(st.decreased, true);
      assert.equal(st.status, 'effective');
      const Mg = st.metric!.apply(st.g);
      assert.ok(nrm(Mg.map((v, i) => v - st.y[i]!)) <= 1e-12 * nrm(st.y));
      assert.ok(Math.abs(dot(st.y, st.g) - (st.lossBefore - st.lossAfter) / eta) <= 1e-12 * Math.abs(st.lossBefore) / eta);
    }
  }
  // a huge GD step overshoots: the loss goes up, and that is reported (never NaN, never a metric)
  const big = x.map((v, i) => v - 0.01 * L.grad(x)[i]!);
  const st = stepMetric(L.loss, L.grad, x, big, { kind: 'gonzalez', eta: 0.01 });
  assert.equal(st.decreased, false);
  assert.equal(st.status, 'not-descent');
  assert.equal(st.metric, undefined);
  assert.ok(st.angle!.psiDeg > 90);
  assert.match(st.explanation, /did not lower the loss/);
});

test('small-learning-rate limit: ∇̄L → ∇L and η M_k → M_cont at O(η); the norm matches a dense computation', () => {
  const rng = createRng('geometry-small-lr');
  const D = 4;
  const L = logSumExp(D, 'small-lr');
  const theta = rng.fillNormal(new Float64Array(D));
  // an effective non-gradient rule: a rotated, scaled gradient
  const gr = L.grad(theta);
  const g = Float64Array.from({ length: D }, (_, i) => -(1.5 * gr[i]! + 0.4 * gr[(i + 1) % D]!));
  assert.ok(dot(g, gr) < 0);
  const etas = [1e-1, 1e-2, 1e-3, 1e-4];
  for (const kind of ['gonzalez', 'avf', 'itoh-abe'] as const) {
    const rows = smallLrLimit(L.loss, L.grad, theta, g, etas, { kind });
    for (let k = 0; k + 1 < rows.length; k++) {
      const rg = rows[k]!.gradError / rows[k + 1]!.gradError, rm = rows[k]!.metricError / rows[k + 1]!.metricError;
      assert.ok(rg > 6 && rg < 14, `${kind}: gradError ratio ${rg}`);
      assert.ok(rm > 6 && rm < 14, `${kind}: metricError ratio ${rm}`);
    }
    assert.ok(rows.at(-1)!.metricError < 1e-3);
    // dense check of the spectral norm used for metricError
    const eta = 1e-2, next = theta.map((v, i) => v + eta * g[i]!);
    const r = smallLrLimit(L.loss, L.grad, theta, g, [eta], { kind })[0]!;
    const s = stepMetric(L.loss, L.grad, theta, next, { kind, eta });
    const Mk = metricOpt(s.y, s.g).dense(), Mc = metricOpt(gr.map((v) => -v), g).dense();
    const diff = Mk.map((v, i) => v - Mc[i]!);
    const ed = eigh({ rows: D, cols: D, data: diff }).values, ec = eigh({ rows: D, cols: D, data: Mc }).values;
    const dense = Math.max(Math.abs(ed[0]!), Math.abs(ed[D - 1]!)) / ec[D - 1]!;
    assert.ok(Math.abs(r.metricError / dense - 1) <= 1e-8, `${kind}: ${r.metricError} vs dense ${dense}`);
  }
});
