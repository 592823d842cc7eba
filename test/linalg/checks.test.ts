// checkSymmetric: the symmetrised copy is exactly (A + Aᵀ)/2 (lower triangle only with lowerOnly), the tolerance
// boundary is |A_ij − A_ji| ≤ tol·max|A|, and non-finite entries are reported first, in row-major order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSymmetric } from '../../src/linalg/checks.ts';
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../../src/errors.ts';
import { createRng } from '../../src/random/index.ts';

function nearlySymmetric(n: number, eps: number, seed: string): Float64Array {
  const rng = createRng(seed);
  const a = rng.fillNormal(new Float64Array(n * n));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]! * (1 + eps);
  return a;
}

test('checkSymmetric returns (A + Aᵀ)/2, full or lower triangle, for sizes around the 16-wide tiles', () => {
  for (const n of [0, 1, 15, 16, 17, 40]) {
    const a = nearlySymmetric(n, 1e-13, `sym-${n}`);
    const full = checkSymmetric('t', 'A', { rows: n, cols: n, data: a });
    const low = checkSymmetric('t', 'A', { rows: n, cols: n, data: a }, undefined, true);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const want = i === j ? a[i * n + i]! : 0.5 * (a[i * n + j]! + a[j * n + i]!);
        assert.equal(full.data[i * n + j], want, `n=${n} full (${i}, ${j})`);
        if (j <= i) assert.equal(low.data[i * n + j], want, `n=${n} lower (${i}, ${j})`);
      }
    }
  }
});

test('checkSymmetric: the tolerance is |A_ij − A_ji| ≤ tol·max|A|; errors name the entry', () => {
  const n = 33;
  const a = nearlySymmetric(n, 0, 'sym-tol');
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  const A = { rows: n, cols: n, data: a };
  a[5 * n + 30] = a[30 * n + 5]! + 0.9e-6 * scale; // (5, 30) differs from (30, 5) by 0.9e-6·max|A|
  assert.doesNotThrow(() => checkSymmetric('t', 'A', A, 1e-6), 'asymmetry below the tolerance is accepted');
  assert.throws(() => checkSymmetric('t', 'A', A, 0.8e-6), (e: unknown) => e instanceof InvalidArgumentError &&
    /t: A \(33×33\) is not symmetric: A\[30, 5\]/.test((e as Error).message), 'asymmetry above the tolerance names the pair');
  const b = a.slice();
  b[20 * n + 3] = Infinity;
  b[2 * n + 9] = NaN; // first in row-major order
  assert.throws(() => checkSymmetric('t', 'B', { rows: n, cols: n, data: b }), (e: unknown) => e instanceof NonFiniteError &&
    /t: B\[2, 9\] is NaN/.test((e as Error).message), 'the first non-finite entry in row-major order is named');
  assert.throws(() => checkSymmetric('t', 'C', { rows: 2, cols: 3, data: new Float64Array(6) }), ShapeError, 'non-square is refused');
});
