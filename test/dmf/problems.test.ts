// Depth-N factorisation problems: gradients vs central differences, the product vs a naive loop, data generation
// and init scale conventions, user entries, and the group-rms rule's first steps by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/random/index.ts';
import {
  DeepFactorization, completionProblem, entriesFromTriples, lowRankTruth, parseObservedEntries, sampleWithoutReplacement,
} from '../../src/problems/matrix-completion.ts';
import { sensingProblem } from '../../src/problems/matrix-sensing.ts';
import { createProblem } from '../../src/problems/index.ts';
import { createRule } from '../../src/rules/index.ts';
import { balancedness, effectiveRank, nuclearNorm, schattenQuasiNorm, spectrum } from '../../src/analysis/spectral.ts';
import type { DmfProblem } from '../../src/problems/matrix-completion.ts';
import { completionFromFile } from '../../src/problems/matrix-completion-node.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function naiveProduct(fac: DeepFactorization, theta: Float64Array): Float64Array {
  let P = Float64Array.from(fac.factor(theta, 0)); // width×cols (or rows×cols at depth 1)
  let pr = fac.shapes[0]![0];
  for (let j = 1; j < fac.depth; j++) {
    const [r, c] = fac.shapes[j]!, F = fac.factor(theta, j), Q = new Float64Array(r * fac.cols);
    for (let a = 0; a < r; a++) for (let b = 0; b < fac.cols; b++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += F[a * c + k]! * P[k * fac.cols + b]!;
      Q[a * fac.cols + b] = s;
    }
    P = Q; pr = r;
  }
  assert.equal(pr, fac.rows, 'product has rows rows');
  return P;
}

function gradCheck(p: DmfProblem, theta: Float64Array, label: string): void {
  const g = p.grad(theta);
  const h = 1e-6;
  let worst = 0, scale = 0;
  for (let i = 0; i < p.dim; i++) {
    const tp = theta.slice(), tm = theta.slice();
    tp[i] = tp[i]! + h; tm[i] = tm[i]! - h;
    const fd = (p.loss(tp) - p.loss(tm)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]!));
    scale = Math.max(scale, Math.abs(g[i]!));
  }
  assert.ok(scale > 1e-3, `${label}: gradient is not trivially zero (max |g| = ${scale})`);
  assert.ok(worst <= 1e-7 * Math.max(1, scale), `${label}: max |fd − g| = ${worst} (max |g| = ${scale})`);
}

test('product equals the naive chain and the gradient matches central differences (completion, rectangular, depths 1–4)', () => {
  const rng = createRng(1);
  for (const depth of [1, 2, 3, 4]) {
    const rows = 5, cols = 4, width = depth === 1 ? 4 : 3;
    const truth = rng.fillNormal(new Float64Array(rows * cols));
    const index = sampleWithoutReplacement(rows * cols, 11, rng);
    const p = completionProblem({ rows, cols, depth, width, observed: { rows, cols, index, values: Float64Array.from(index, (i) => truth[i]!) }, truth });
    const theta = rng.fillNormal(new Float64Array(p.dim), 0, 0.7);
    const P = p.product(theta), ref = naiveProduct(p.factorization, theta);
    for (let i = 0; i < P.length; i++) assert.ok(Math.abs(P[i]! - ref[i]!) <= 1e-12, `depth ${depth}: product entry ${i}`);
    let v = 0;
    for (let k = 0; k < index.length; k++) v += (ref[index[k]!]! - truth[index[k]!]!) ** 2;
    assert.ok(Math.abs(p.loss(theta) - v / index.length) <= 1e-12, `depth ${depth}: loss is the mean over observed entries`);
    gradCheck(p, theta, `completion depth ${depth}`);
  }
});

test('backward from G and from Gᵀ both equal the naive (W_N⋯W_{j+1})ᵀ G (W_{j−1}⋯W_1)ᵀ (rectangular, depths 1–4)', () => {
  const rng = createRng(14);
  const mul = (A: Float64Array, B: Float64Array, m: number, k: number, n: number, tA = false, tB = false) => {
    const C = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (tA ? A[l * m + i]! : A[i * k + l]!) * (tB ? B[j * k + l]! : B[l * n + j]!);
      C[i * n + j] = s;
    }
    return C;
  };
  for (const depth of [1, 2, 3, 4]) {
    const rows = 5, cols = 4, width = depth === 1 ? 4 : 3;
    const fac = new DeepFactorization({ rows, cols, depth, width });
    const theta = rng.fillNormal(new Float64Array(fac.dim));
    const G = rng.fillNormal(new Float64Array(rows * cols)), GT = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) GT[j * rows + i] = G[i * cols + j]!;
    fac.product(theta);
    const a = fac.backward(theta, G, new Float64Array(fac.dim)), b = fac.backward(theta, GT, new Float64Array(fac.dim), true);
    for (let j = 0; j < depth; j++) {
      // prefix P = W_j⋯W_1 (shape r×cols) and suffix S = W_N⋯W_{j+2} (rows×c) in 0-based factor terms
      let P: Float64Array | null = null, pr = 0;
      for (let q = 0; q < j; q++) {
        const [r, c] = fac.shapes[q]!, F = fac.factor(theta, q);
        P = P === null ? Float64Array.from(F) : mul(F, P, r, c, cols);
        pr = r;
      }
      let S: Float64Array | null = null, sc = 0;
      for (let q = depth - 1; q > j; q--) {
        const [r, c] = fac.shapes[q]!, F = fac.factor(theta, q);
        S = S === null ? Float64Array.from(F) : mul(S, F, rows, r, c);
        sc = c;
      }
      const [r, c] = fac.shapes[j]!;
      const SG = S === null ? G : mul(S, G, sc, rows, cols, true);   // r×cols
      const ref = P === null ? SG : mul(SG, P, r, cols, pr, false, true); // r×c
      const ga = fac.factor(a, j), gb = fac.factor(b, j);
      assert.equal(ref.length, r * c, `depth ${depth} factor ${j}: reference shape`);
      for (let i = 0; i < ref.length; i++) {
        assert.ok(Math.abs(ga[i]! - ref[i]!) <= 1e-12 * (1 + Math.abs(ref[i]!)), `depth ${depth} factor ${j} entry ${i} from G: ${ga[i]} vs ${ref[i]}`);
        assert.ok(Math.abs(gb[i]! - ref[i]!) <= 1e-12 * (1 + Math.abs(ref[i]!)), `depth ${depth} factor ${j} entry ${i} from Gᵀ: ${gb[i]} vs ${ref[i]}`);
      }
    }
  }
});

test('completion reuses its workspaces without carrying state: ∇L at θ₂ after θ₁ equals a fresh problem\'s', () => {
  const spec = { id: 'matrix-completion', size: 9, rank: 2, observations: 30, depth: 3, initScale: 0.3 };
  const p = createProblem(spec, createRng(11)) as DmfProblem, fresh = createProblem(spec, createRng(11)) as DmfProblem;
  const t1 = createRng(12).fillNormal(new Float64Array(p.dim), 0, 0.8), t2 = createRng(13).fillNormal(new Float64Array(p.dim), 0, 0.8);
  const g1 = p.grad(t1).slice();
  const a = p.valueAndGrad!(t2, undefined), b = fresh.valueAndGrad!(t2, undefined);
  assert.equal(a.value, b.value, 'same loss');
  assert.deepEqual([...a.grad], [...b.grad], 'same gradient, bit for bit');
  assert.ok(g1.some((x, i) => x !== a.grad[i]), 'the two points have different gradients');
});

test('sensing gradient matches central differences (depths 1–3) and the spec builds y = ⟨A_k, W*⟩', () => {
  const rng = createRng(2);
  for (const depth of [1, 2, 3]) {
    const n = 4, m = 7;
    const A = rng.fillNormal(new Float64Array(m * n * n), 0, 1 / n);
    const y = rng.fillNormal(new Float64Array(m));
    const p = sensingProblem({ rows: n, cols: n, depth, measurements: A, targets: y });
    gradCheck(p, rng.fillNormal(new Float64Array(p.dim), 0, 0.8), `sensing depth ${depth}`);
  }
  const p = createProblem({ id: 'matrix-sensing', size: 6, rank: 2, observations: 20, depth: 2 }, createRng(3)) as DmfProblem;
  assert.equal(p.dim, 72, 'two 6×6 factors');
  assert.ok(p.truth !== undefined, 'synthetic sensing knows W*');
  // At θ with W = W*, the loss is 0: take W_1 = W*, W_2 = I.
  const theta = new Float64Array(72);
  theta.set(p.truth!, 0);
  for (let i = 0; i < 6; i++) theta[36 + i * 6 + i] = 1;
  assert.ok(p.loss(theta) < 1e-28, `loss at W = W* is ${p.loss(theta)}`);
  assert.ok(p.testError(theta) < 1e-28, 'test error at W*');
});

test('data generation: rank-r truth with RMS entry 1, observations distinct and uniform, reproducible', () => {
  const W = lowRankTruth(30, 30, 3, createRng(4));
  let ss = 0;
  for (const x of W) ss += x * x;
  assert.ok(Math.abs(ss - 900) < 1e-9, `‖W*‖_F² = ${ss}; expected n² = 900`);
  const s = spectrum(W, 30, 30);
  assert.ok(s[2]! > 1e-6 && s[3]! < 1e-10, `rank 3: σ3 = ${s[2]}, σ4 = ${s[3]}`);
  const idx = sampleWithoutReplacement(900, 400, createRng(5));
  assert.equal(new Set(idx).size, 400, 'no repeated index');
  // Each entry is observed with probability 400/900: count over many draws on a 4×4 matrix of 8 entries.
  const counts = new Float64Array(16);
  const r = createRng(6);
  for (let t = 0; t < 4000; t++) for (const i of sampleWithoutReplacement(16, 8, r)) counts[i]! += 1;
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(counts[i]! / 4000 - 0.5) < 0.04, `entry ${i} observed ${counts[i]} times of 4000`);
  const a = createProblem({ id: 'matrix-completion', size: 10, rank: 2, observations: 30, depth: 2 }, createRng(7)) as DmfProblem;
  const b = createProblem({ id: 'matrix-completion', size: 10, rank: 2, observations: 30, depth: 2 }, createRng(7)) as DmfProblem;
  assert.deepEqual(a.truth, b.truth, 'same seed, same ground truth');
});

test('init scale conventions: gaussian ‖W‖_F ≈ s·√n, identity = s·I, orthogonal and balanced factors are balanced', () => {
  const n = 60, s = 1e-3;
  for (const depth of [2, 3, 4]) {
    const fac = new DeepFactorization({ rows: n, cols: n, depth, width: n });
    const fro = (th: Float64Array) => Math.sqrt(fac.product(th).reduce((a, x) => a + x * x, 0));
    const g = fro(fac.init('gaussian', s, createRng(depth)));
    assert.ok(g / (s * Math.sqrt(n)) > 0.8 && g / (s * Math.sqrt(n)) < 1.2, `gaussian depth ${depth}: ‖W‖_F/(s√n) = ${g / (s * Math.sqrt(n))} (reference asserts 0.8–1.2)`);
    const id = fac.product(fac.init('identity', s, createRng(0)));
    assert.ok(Math.abs(id[0]! - s) < 1e-15 && id[1] === 0, `identity depth ${depth}: product = s·I`);
    for (const kind of ['orthogonal', 'balanced'] as const) {
      const th = fac.init(kind, s, createRng(9));
      const fs = Array.from({ length: depth }, (_, j) => ({ data: fac.factor(th, j), rows: n, cols: n }));
      const scale = fac.factor(th, 0).reduce((a, x) => a + x * x, 0);
      assert.ok(balancedness(fs) <= 1e-12 * Math.max(1, scale), `${kind} depth ${depth}: balancedness ${balancedness(fs)}`);
    }
    const bal = fro(fac.init('balanced', s, createRng(10)));
    assert.ok(bal / (s * Math.sqrt(n)) > 0.8 && bal / (s * Math.sqrt(n)) < 1.2, `balanced depth ${depth}: ‖W‖_F/(s√n) = ${bal / (s * Math.sqrt(n))}`);
  }
  assert.throws(() => new DeepFactorization({ rows: 3, cols: 4, depth: 2, width: 3 }).init('identity', 1, createRng(0)), /square/, 'identity needs square factors');
});

test('spectral summaries: nuclear norm, effective rank, Schatten quasi-norm on known spectra', () => {
  assert.equal(nuclearNorm([3, 2, 1]), 6, 'Σσ');
  assert.ok(Math.abs(effectiveRank([1, 1, 1, 1]) - 4) < 1e-8, 'flat spectrum of 4: erank 4');
  assert.ok(Math.abs(effectiveRank([5, 0, 0]) - 1) < 1e-8, 'rank one: erank 1');
  assert.ok(Math.abs(schattenQuasiNorm([4, 9], 0.5) - 5) < 1e-15, 'Σ√σ');
});

test('user entries: CSV and JSON parse to the same observations; bad input names the line or entry', () => {
  const csv = 'i,j,value\n0,1,2.5\n2,0,-1\n# comment\n1,1,3\n';
  const json = '{"rows":3,"cols":2,"entries":[[1,1,3],[0,1,2.5],[2,0,-1]]}';
  const a = parseObservedEntries(csv), b = parseObservedEntries(json);
  assert.deepEqual([a.rows, a.cols, [...a.index], [...a.values]], [3, 2, [1, 3, 4], [2.5, 3, -1]], 'csv');
  assert.deepEqual([b.rows, b.cols, [...b.index], [...b.values]], [3, 2, [1, 3, 4], [2.5, 3, -1]], 'json');
  assert.throws(() => parseObservedEntries('0,0,1\n0,x,2\n'), /line 2/, 'bad csv line named');
  assert.throws(() => entriesFromTriples([[0, 0, 1], [0, 0, 2]]), /twice/, 'duplicate entry refused');
  assert.throws(() => entriesFromTriples([[0, -1, 1]]), /observations\[0\]/, 'negative index refused');
  const p = createProblem({ id: 'matrix-completion', depth: 2, entries: [[0, 1, 2.5], [2, 0, -1], [1, 1, 3]] }, createRng(0)) as DmfProblem;
  assert.equal(p.factorization.rows, 3, 'rows from max i');
  assert.ok(Number.isNaN(p.testError(p.init(createRng(1)))), 'no ground truth: test error NaN');
});

test('group-rms: one global step size lr/(√(s/(1−αᵗ)) + eps) along −∇L, first two steps by hand', () => {
  const rule = createRule('group-rms', { lr: 0.1, alpha: 0.9, eps: 1e-4 });
  const g1 = Float64Array.from([3, 4]), g2 = Float64Array.from([1, 0]);
  let state = rule.init(new Float64Array(2), { problem: undefined as never, rng: createRng(0) });
  const step = (g: Float64Array) => {
    const r = rule.update({ step: 0, theta: new Float64Array(2), hyper: rule.hyper, grad: () => g, loss: () => 0, gradAt: () => g, lossAt: () => 0, batch: undefined, problem: undefined as never, rng: createRng(0) }, state);
    state = r.state;
    return r.delta;
  };
  const s1 = 0.1 * 25, eta1 = 0.1 / (Math.sqrt(s1 / 0.1) + 1e-4);
  const d1 = step(g1);
  assert.ok(Math.abs(d1[0]! + eta1 * 3) < 1e-15 && Math.abs(d1[1]! + eta1 * 4) < 1e-15, `step 1 δ = ${[...d1]}`);
  const s2 = 0.9 * s1 + 0.1 * 1, eta2 = 0.1 / (Math.sqrt(s2 / (1 - 0.81)) + 1e-4);
  const d2 = step(g2);
  assert.ok(Math.abs(d2[0]! + eta2) < 1e-15 && d2[1] === 0, `step 2 δ = ${[...d2]}`);
});

test('user entries from a CSV file: loss over exactly the given entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmf-'));
  const path = join(dir, 'obs.csv');
  writeFileSync(path, 'i,j,value\n0,0,1\n1,2,-2\n3,1,0.5\n');
  const p = completionFromFile(path, { depth: 2, rows: 4, cols: 3 });
  assert.deepEqual([p.factorization.rows, p.factorization.cols, p.observed!.index.length, p.dim], [4, 3, 3, 9 + 12], 'shape, entries, W_1 3×3 and W_2 4×3');
  // W_1 holds rows 0–2 of the target, W_2 = [I; 0], so W = [W_1; 0]: entries (0,0) and (1,2) fit, (3,1) misses by 0.5.
  const theta = new Float64Array(p.dim);
  theta[0] = 1; theta[5] = -2;
  for (let i = 0; i < 3; i++) theta[9 + i * 3 + i] = 1;
  assert.ok(Math.abs(p.loss(theta) - 0.25 / 3) < 1e-15, `loss ${p.loss(theta)}; expected 0.25/3`);
  assert.throws(() => completionFromFile(join(dir, 'missing.csv'), { depth: 2 }), /cannot read/, 'missing file named');
});
