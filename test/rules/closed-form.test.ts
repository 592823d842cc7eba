// GD and heavy-ball (torch's sgd with momentum) on a quadratic ½θᵀAθ − bᵀθ match their eigenbasis closed forms.
// A = Q diag(λ) Qᵀ with a Householder Q, so the eigenbasis is known without an eigensolver; z = Qᵀ(θ − θ*).
//   GD:         z_k = (1 − ηλ)^k z_0
//   heavy ball: z_1 = (1 − ηλ) z_0,  z_{k+1} = (1 + μ − ηλ) z_k − μ z_{k−1}  (torch: b₁ = g₀, b_k = μb_{k−1} + g_{k−1}),
//     solved per eigenvalue from the roots r₁, r₂ of r² − (1 + μ − ηλ) r + μ (real or complex-conjugate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule } from '../../src/rules/index.ts';
import { drive } from './drive.ts';

const lambda = [0.05, 0.2, 0.5, 1, 1.5, 1.9];
const D = lambda.length;
const v = [0.3, -1.2, 0.7, 0.25, -0.4, 1.1];
const vv = v.reduce((s, x) => s + x * x, 0);
const Q = v.map((vi, i) => v.map((vj, j) => (i === j ? 1 : 0) - (2 * vi * vj) / vv)); // symmetric, orthogonal
const A = Q.map((_, i) => Q.map((_, j) => lambda.reduce((s, l, k) => s + Q[i]![k]! * l * Q[j]![k]!, 0)));
const thetaStar = [1, -2, 0.5, 3, -1, 0.25];
const b = A.map((row) => row.reduce((s, a, j) => s + a * thetaStar[j]!, 0));
const theta0 = [-1, 1, 2, 0, 0.5, -3];
const grad = (t: Float64Array) => Float64Array.from(A, (row, i) => row.reduce((s, a, j) => s + a * t[j]!, 0) - b[i]!);

/** θ* + Q z, with z_i = f(i, z0_i) per eigen-coordinate. */
function fromEigen(perCoord: (i: number, z0: number) => number): number[] {
  const z0 = Q.map((_, i) => Q.reduce((s, row, j) => s + row[i]! * (theta0[j]! - thetaStar[j]!), 0));
  const z = z0.map((z0i, i) => perCoord(i, z0i));
  return thetaStar.map((ts, i) => ts + Q[i]!.reduce((s, q, k) => s + q * z[k]!, 0));
}

function heavyBall(k: number, z0: number, l: number, eta: number, mu: number): number {
  const z1 = (1 - eta * l) * z0;
  if (k === 0) return z0;
  const tr = 1 + mu - eta * l, disc = tr * tr - 4 * mu;
  if (disc > 0) {
    const r1 = (tr + Math.sqrt(disc)) / 2, r2 = (tr - Math.sqrt(disc)) / 2;
    return ((z1 - r2 * z0) * r1 ** k - (z1 - r1 * z0) * r2 ** k) / (r1 - r2);
  }
  // r = ρe^{±iφ}: z_k = ρ^k (z₀ cos kφ + (z₁ − ρ cos φ z₀)/(ρ sin φ) · sin kφ)
  const rho = Math.sqrt(mu), phi = Math.acos(tr / (2 * rho));
  return rho ** k * (z0 * Math.cos(k * phi) + ((z1 - rho * Math.cos(phi) * z0) / (rho * Math.sin(phi))) * Math.sin(k * phi));
}

function maxDeviation(traj: Float64Array[], closed: (k: number) => number[]): number {
  let worst = 0;
  traj.forEach((t, k) => closed(k).forEach((c, i) => { worst = Math.max(worst, Math.abs(t[i]! - c)); }));
  return worst;
}

test('GD iterates equal θ* + Q (I − ηΛ)^k Qᵀ(θ₀ − θ*) to 1e-12', (t) => {
  const eta = 0.9;
  const traj = drive(createRule('gd', { lr: eta }), theta0, grad, 200);
  const dev = maxDeviation(traj, (k) => fromEigen((i, z0) => (1 - eta * lambda[i]!) ** k * z0));
  t.diagnostic(`max |Δθ| ${dev.toExponential(2)}`);
  assert.ok(dev <= 1e-12, `GD deviates by ${dev}`);
  assert.ok(Math.abs(traj[200]![0]! - thetaStar[0]!) < 1e-3 && Math.abs(traj[1]![0]! - theta0[0]!) > 0.1); // it moved and converged
});

test('heavy ball (sgd momentum) iterates equal the companion-recursion closed form to 1e-12, both root regimes', (t) => {
  for (const [eta, mu] of [[0.5, 0.5], [0.3, 0.6]] as const) {
    const regimes = lambda.map((l) => Math.sign((1 + mu - eta * l) ** 2 - 4 * mu));
    assert.ok(regimes.includes(1) && regimes.includes(-1), 'test covers real and complex roots');
    for (const form of ['pytorch', 'sutskever']) {
      const traj = drive(createRule('sgd', { lr: eta, momentum: mu, momentumForm: form }), theta0, grad, 200);
      const dev = maxDeviation(traj, (k) => fromEigen((i, z0) => heavyBall(k, z0, lambda[i]!, eta, mu)));
      t.diagnostic(`η ${eta} μ ${mu} ${form}: max |Δθ| ${dev.toExponential(2)}`);
      assert.ok(dev <= 1e-12, `heavy ball (η ${eta}, μ ${mu}, ${form}) deviates by ${dev}`);
    }
  }
});

test('the closed form is sensitive: a wrong momentum is detected', () => {
  const traj = drive(createRule('momentum', { lr: 0.5, momentum: 0.5 }), theta0, grad, 50);
  const dev = maxDeviation(traj, (k) => fromEigen((i, z0) => heavyBall(k, z0, lambda[i]!, 0.5, 0.5 + 1e-6)));
  assert.ok(dev > 1e-9);
});
