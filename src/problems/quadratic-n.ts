/**
 * The N-dimensional ill-conditioned quadratic L(θ) = ½(θ − θ*)ᵀ A (θ − θ*) with A = Q diag(λ) Qᵀ: eigenvalues
 * from 1 down to 1/condition (geometric or linear spacing), Q a seeded Haar rotation (or the identity), θ* seeded
 * N(0, I) (or 0). Exact minimiser θ*, L* = 0; GD is stable for lr < 2 since λ_max = 1.
 */
import { ResourceError, ShapeError } from '../errors.ts';
import { kernels } from '../kernels/index.ts';
import type { ProblemSpec } from './types.ts';
import { randomOrthogonal } from './dense.ts';

/** Largest dimension for which the dense rotation is built (n² memory, n³ work). */
export const MAX_ROTATED_DIM = 2000;

export const quadraticN: ProblemSpec = {
  id: 'quadratic-n',
  summary: 'N-dim quadratic ½(θ−θ*)ᵀQΛQᵀ(θ−θ*), eigenvalues in [1/condition, 1], seeded rotation Q and minimiser θ*',
  params: [
    { name: 'dim', kind: 'integer', default: 10, min: 1, doc: 'dimension N' },
    { name: 'condition', kind: 'number', default: 100, min: 1, doc: 'condition number λ_max/λ_min (λ_max = 1)' },
    { name: 'spectrum', kind: 'enum', values: ['geometric', 'linear'], default: 'geometric', doc: 'spacing of the eigenvalues' },
    { name: 'rotate', kind: 'boolean', default: true, doc: `seeded random eigenbasis (dense, dim ≤ ${MAX_ROTATED_DIM}); false keeps A diagonal (any dim)` },
    { name: 'center', kind: 'enum', values: ['random', 'zero'], default: 'random', doc: 'minimiser θ*: seeded N(0, I) or the origin' },
  ],
  create(o, rng) {
    const n = o.dim as number, kappa = o.condition as number, rotate = o.rotate as boolean;
    if (rotate && n > MAX_ROTATED_DIM) {
      throw new ResourceError(`quadratic-n: a rotated ${n}-dim quadratic needs a dense ${n}×${n} matrix (${(8 * n * n / 1e9).toFixed(1)} GB) and O(n³) set-up; use rotate: false or dim ≤ ${MAX_ROTATED_DIM}`);
    }
    const lambda = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = n === 1 ? 0 : i / (n - 1);
      lambda[i] = o.spectrum === 'geometric' ? kappa ** -t : 1 - t * (1 - 1 / kappa);
    }
    const q = rotate ? randomOrthogonal(n, rng.fork('rotation')) : null;
    const star = o.center === 'zero' ? new Float64Array(n) : rng.fork('minimiser').fillNormal(new Float64Array(n));
    const a = q ? new Float64Array(n * n) : null;
    if (q && a) {
      // A = Qᵀ Λ Q with Q's rows the eigenvectors.
      for (let k = 0; k < n; k++) {
        const lk = lambda[k]!, qk = k * n;
        for (let i = 0; i < n; i++) {
          const s = lk * q[qk + i]!;
          for (let j = 0; j < n; j++) a[i * n + j] = a[i * n + j]! + s * q[qk + j]!;
        }
      }
    }
    const check = (theta: Float64Array) => {
      if (theta.length !== n) throw new ShapeError(`quadratic-n: θ has length ${theta.length}; this problem has dimension ${n}`);
    };
    // Writes g = A(θ − θ*) and returns ½(θ − θ*)ᵀ g.
    const valueAndGrad = (theta: Float64Array, out?: Float64Array) => {
      check(theta);
      const g = out ?? new Float64Array(n);
      if (!a) return { value: kernels().diagQuadratic(n, lambda, star, theta, g), grad: g }; // one pass, native or TS
      let v = 0;
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = theta[i]! - star[i]!;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * d[j]!;
        g[i] = s; v += d[i]! * s;
      }
      return { value: 0.5 * v, grad: g };
    };
    const hvp = (_theta: Float64Array, v: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (!a) { out[i] = lambda[i]! * v[i]!; continue; }
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * v[j]!;
        out[i] = s;
      }
      return out;
    };
    return {
      id: 'quadratic-n',
      dim: n,
      init: (r) => r.fillNormal(new Float64Array(n)),
      loss: (theta) => {
        if (a) return valueAndGrad(theta).value;
        check(theta);
        return kernels().diagQuadratic(n, lambda, star, theta, null);
      },
      grad: (theta, _b, out) => valueAndGrad(theta, out).grad,
      valueAndGrad: (theta, _b, out) => valueAndGrad(theta, out),
      hessian: () => {
        if (a) return Float64Array.from(a);
        const h = new Float64Array(n * n);
        for (let i = 0; i < n; i++) h[i * n + i] = lambda[i]!;
        return h;
      },
      hvp,
      minima: [{ theta: Array.from(star), loss: 0, global: true }],
      ...(n === 2 ? { window: [[star[0]! - 3, star[0]! + 3], [star[1]! - 3, star[1]! + 3]] as [[number, number], [number, number]] } : {}),
      hooks: { eigenvalues: Array.from(lambda), eigenvectors: q },
    };
  },
};
