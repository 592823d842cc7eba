// Quadrature of the Boltzmann law vs the reference table (anchors-science §3.5: Z, E[x²], P(|x| < 0.5) of the double
// well on [−4, 4]), 2-D quadrature vs a Gaussian's closed form, and the MCMC diagnostics vs known values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boltzmann1d, boltzmann2d } from '../../src/analysis/boltzmann.ts';
import { essGeyer, expectedKlFloor, expectedTvFloor, histogramCounts, klDivergence, ksTest, linspace, meanCov, totalVariation } from '../../src/analysis/mcmc.ts';
import { createRng } from '../../src/random/index.ts';

const TABLE = [
  { T: 0.1, Z: 0.572534, x2: 0.972523, p: 0.000930 },
  { T: 0.25, Z: 0.947838, x2: 0.917671, p: 0.041655 },
  { T: 0.5, Z: 1.410915, x2: 0.852136, p: 0.135478 },
  { T: 1.0, Z: 1.973732, x2: 0.832745, p: 0.219437 },
];

test('double-well quadrature reproduces the reference table (Z, E[x²], P(|x| < 0.5)) to 1e-6', () => {
  for (const r of TABLE) {
    const b = boltzmann1d((x) => (x * x - 1) ** 2, r.T, [-4, 4]);
    assert.ok(Math.abs(b.Z - r.Z) < 1e-6, `T=${r.T} Z ${b.Z}`);
    assert.ok(Math.abs(b.expect((x) => x * x) - r.x2) < 1e-6, `T=${r.T} E[x²] ${b.expect((x) => x * x)}`);
    assert.ok(Math.abs(b.cdf(0.5) - b.cdf(-0.5) - r.p) < 1e-6, `T=${r.T} P ${b.cdf(0.5) - b.cdf(-0.5)}`);
    const bins = b.binProbabilities([-4, -0.5, 0.5, 4]);
    assert.ok(Math.abs(bins[1]! - r.p) < 1e-6 && Math.abs(bins[0]! - bins[2]!) < 1e-12);
  }
});

test('low temperature does not underflow: log Z matches Laplace at T = 0.01', () => {
  const b = boltzmann1d((x) => 100 + (x * x - 1) ** 2, 0.01, [-4, 4], 200_000);
  // Laplace: Z ≈ 2·e^{−100/T}·√(2πT/8)·(1 + O(T)).
  const laplace = Math.log(2 * Math.sqrt(2 * Math.PI * 0.01 / 8)) - 100 / 0.01;
  assert.ok(Math.abs(b.logZ - laplace) < 0.02, `${b.logZ} vs ${laplace}`);
});

test('2-D quadrature of a correlated Gaussian gives its mean, covariance and Z = 2πT√det Σ', () => {
  // Σ = [[1, 0.5], [0.5, 2]], Σ⁻¹ = [[2, −0.5], [−0.5, 1]]/1.75.
  const U = (x: number, y: number) => { const a = x - 1, c = y + 0.5; return 0.5 * (2 * a * a - a * c + c * c) / 1.75; };
  const b = boltzmann2d(U, 1.5, [[-11, 13], [-16, 15]]);
  assert.ok(Math.abs(b.Z - 2 * Math.PI * 1.5 * Math.sqrt(1.75)) < 1e-6);
  assert.ok(Math.abs(b.mean[0] - 1) < 1e-8 && Math.abs(b.mean[1] + 0.5) < 1e-8);
  assert.ok(Math.abs(b.cov[0][0] - 1.5) < 1e-6 && Math.abs(b.cov[0][1] - 0.75) < 1e-6 && Math.abs(b.cov[1][1] - 3) < 1e-6);
  const xe = linspace(-11, 13, 7), ye = linspace(-16, 15, 5);
  const p = b.binProbabilities(xe, ye);
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-6);
});

test('TV and KL of i.i.d. normal draws sit at their expected floors; KS accepts the right law and rejects a shifted one', () => {
  const n = 20_000, rng = createRng(2);
  const x = rng.fillNormal(new Float64Array(n));
  const b = boltzmann1d((v) => 0.5 * v * v, 1, [-10, 10]);
  const edges = linspace(-4, 4, 51);
  const pi = b.binProbabilities(edges);
  const { counts } = histogramCounts(x, edges);
  const tv = totalVariation(counts, pi, n), kl = klDivergence(counts, pi, n);
  const tvf = expectedTvFloor(pi, n), klf = expectedKlFloor(pi, n);
  assert.ok(tv > 0.5 * tvf && tv < 2 * tvf, `TV ${tv} floor ${tvf}`);
  assert.ok(kl > 0.3 * klf && kl < 3 * klf, `KL ${kl} floor ${klf}`);
  assert.ok(ksTest(x, b.cdf).pValue > 0.001);
  assert.ok(ksTest(x.map((v) => v + 0.1), b.cdf).pValue < 1e-6);
});

test('Geyer ESS of an AR(1) chain matches n(1 − ρ)/(1 + ρ) within 15 %', () => {
  const n = 50_000, rho = 0.8, rng = createRng(4);
  const c = new Float64Array(n);
  for (let i = 1; i < n; i++) c[i] = rho * c[i - 1]! + rng.normal();
  const ess = essGeyer(c), exact = (n * (1 - rho)) / (1 + rho);
  assert.ok(Math.abs(ess / exact - 1) < 0.15, `ESS ${ess} vs ${exact}`);
  const iid = essGeyer(rng.fillNormal(new Float64Array(5000)));
  assert.ok(iid > 4000 && iid < 6500, `iid ESS ${iid}`);
});

test('meanCov of particle-major samples', () => {
  const { mean, cov } = meanCov(Float64Array.of(1, 2, 3, 6, 5, 4), 2);
  assert.deepEqual(mean, [3, 4]);
  assert.deepEqual(cov, [[4, 2], [2, 4]]);
});
