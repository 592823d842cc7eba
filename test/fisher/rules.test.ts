// natural-gradient and kfac rules against references: Newton's method (logistic regression), a dense solve (CG),
// the LM and trust-region arithmetic, a dense Kronecker-product solve (K-FAC), and the anchors §4.5 counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProblem } from '../../src/problems/index.ts';
import type { Problem } from '../../src/problems/types.ts';
import { spdSolve } from '../../src/problems/dense.ts';
import { createRng } from '../../src/random/index.ts';
import { createRule } from '../../src/rules/index.ts';
import type { Rule, StepContext } from '../../src/rules/types.ts';
import { run } from '../../src/dynamics/runner.ts';
import { fisherDense, predictiveOf } from '../../src/geometry/fisher.ts';
import { sampleTargets } from '../../src/problems/predictive.ts';

function maxAbs(a: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!)); return s; }
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]! - b[i]!)); return s; }

/** A step context over the full batch (or `batch`) at θ. */
function context(p: Problem, theta: Float64Array, rule: Rule, seed = 0, batch?: Int32Array): StepContext {
  return {
    step: 0, theta, hyper: { ...rule.hyper } as Record<string, unknown>, batch, problem: p, rng: createRng(seed),
    grad: () => p.grad(theta, batch), loss: () => p.loss(theta, batch),
    gradAt: (t) => p.grad(t, batch), lossAt: (t) => p.loss(t, batch),
  };
}

test('logistic regression: NGD (lr 1, λ 0) equals Newton\'s method to 1e-12 over 6 steps (with and without ridge)', () => {
  for (const l2 of [0, 0.05]) {
    const p = createProblem({ id: 'logistic-regression', examples: 60, dim: 4, l2 }, createRng(3));
    const t = run({ problem: p, rule: createRule('natural-gradient', { lr: 1, damping: 0, solver: 'exact' }), steps: 6, seed: 0, record: ['theta'] });
    let w = new Float64Array(4);
    for (let k = 1; k <= 6; k++) {
      const step = spdSolve(p.hessian!(w), p.grad(w), 4, 'newton');
      w = w.map((v, j) => v - step[j]!);
      const ng = t.theta!.subarray(k * 4, (k + 1) * 4);
      assert.ok(maxDiff(ng, w) <= 1e-12 * Math.max(1, maxAbs(w)), `l2 ${l2} step ${k}: ${maxDiff(ng, w)}`);
    }
  }
});

test('CG on Fisher-vector products matches the exact damped solve (softmax, MLP classifier)', () => {
  const cases = [
    createProblem({ id: 'softmax-regression', examples: 50, dim: 5, classes: 4 }, createRng(4)),
    createProblem({ id: 'mlp-classifier', widths: [3, 5, 3], examples: 30 }, createRng(5)),
  ];
  for (const p of cases) {
    const theta = p.init(createRng(6)).map((v, i) => v + 0.2 * Math.cos(i));
    for (const fisher of ['true', 'empirical', 'ggn']) {
      const ex = createRule('natural-gradient', { damping: 1e-3, solver: 'exact', fisher });
      const cg = createRule('natural-gradient', { damping: 1e-3, solver: 'cg', fisher, cgTol: 1e-13 });
      const a = ex.update(context(p, theta, ex), ex.init(theta, { problem: p, rng: createRng(0) })).delta;
      const s = cg.init(theta, { problem: p, rng: createRng(0) });
      const b = cg.update(context(p, theta, cg), s).delta;
      assert.ok(maxDiff(a, b) <= 1e-10 * maxAbs(a), `${p.id} ${fisher}: ${maxDiff(a, b)}`);
      // exact arithmetic needs ≤ D iterations; the ill-conditioned MLP Fisher loses orthogonality, so allow 3·D there
      const its = (s as { cgIterations: number }).cgIterations, cap = p.id === 'softmax-regression' ? p.dim : 3 * p.dim;
      assert.ok(its <= cap, `${p.id}: ${its} CG iterations > ${cap}`);
    }
  }
});

test('KL trust region: ½δᵀFδ is capped at maxKl; Levenberg–Marquardt moves λ by ω from ρ', () => {
  const p = createProblem({ id: 'mlp', widths: [3, 6, 1], examples: 40 }, createRng(7));
  const theta = p.init(createRng(8)), pred = predictiveOf(p, 't'), F = fisherDense(pred, theta), D = p.dim;
  const quadF = (d: Float64Array) => { let s = 0; for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) s += d[i]! * F[i * D + j]! * d[j]!; return s; };
  const tr = createRule('natural-gradient', { lr: 1, damping: 1e-3, maxKl: 1e-4 });
  const d = tr.update(context(p, theta, tr), tr.init(theta, { problem: p, rng: createRng(0) })).delta;
  assert.ok(Math.abs(0.5 * quadF(d) - 1e-4) <= 1e-12, `½δᵀFδ = ${0.5 * quadF(d)}`);
  // LM: recompute ρ by hand from the returned step
  const lm = createRule('natural-gradient', { lr: 1, damping: 1e-2, adaptiveDamping: true });
  const st = lm.init(theta, { problem: p, rng: createRng(0) }) as { damping: number; rho: number };
  const dl = lm.update(context(p, theta, lm), st).delta;
  const g = p.grad(theta);
  let gd = 0; for (let i = 0; i < D; i++) gd += g[i]! * dl[i]!;
  const rho = (p.loss(theta.map((v, i) => v + dl[i]!)) - p.loss(theta)) / (gd + 0.5 * quadF(dl));
  assert.ok(Math.abs(rho - st.rho) <= 1e-9, `ρ ${st.rho} vs ${rho}`);
  const expected = rho > 0.75 ? 1e-2 * (2 / 3) : rho < 0.25 ? 1e-2 / (2 / 3) : 1e-2;
  assert.ok(Math.abs(st.damping - expected) <= 1e-15, `λ ${st.damping} vs ${expected}`);
});

test('anchors §4.5: iterations to a loss gap ≤ 1e-8 are NGD 3, GD(lr 1/L) 2943, GD(1.98/L) 1485, EF 24; at scale 10: 3, 30, 24', () => {
  for (const [scale, expect] of [[100, [3, 2943, 1485, 24]], [10, [3, 30, 13, 24]]] as const) {
    const p = createProblem({ id: 'logistic-regression', dataset: 'kunstner', scale }, createRng(0));
    const lstar = p.minima![0]!.loss;
    assert.ok(Math.abs(lstar - 0.6015785177488298) <= 1e-14, `loss* ${lstar}`);
    const X = (p.hooks as { X: Float64Array }).X;
    // L = λ_max(XᵀX/N)/4 by power iteration on the 3×3 Gram matrix
    const A = new Float64Array(9);
    for (let i = 0; i < 10; i++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) A[a * 3 + b] = A[a * 3 + b]! + X[i * 3 + a]! * X[i * 3 + b]! / 10;
    let v = new Float64Array([1, 1, 1]), lam = 0;
    for (let it = 0; it < 500; it++) {
      const w = new Float64Array(3);
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) w[a] = w[a]! + A[a * 3 + b]! * v[b]!;
      lam = Math.hypot(...w); v = w.map((x) => x / lam);
    }
    const L = lam / 4;
    const count = (rule: string, hyper: Record<string, unknown>, steps: number) => {
      const l = run({ problem: p, rule: createRule(rule, hyper), steps, seed: 0, record: ['loss'] }).loss!;
      return l.findIndex((x) => x - lstar <= 1e-8);
    };
    assert.deepEqual([
      count('natural-gradient', { lr: 1, damping: 1e-10 }, 10),
      count('gd', { lr: 1 / L }, 3000),
      count('gd', { lr: 1.98 / L }, 3000),
      count('natural-gradient', { lr: 1, damping: 1e-8, fisher: 'empirical' }, 60),
    ], [...expect]);
  }
});

test('Monte-Carlo Fisher NGD approaches the exact NGD step as samples grow', () => {
  const p = createProblem({ id: 'softmax-regression', examples: 40, dim: 3, classes: 3 }, createRng(9));
  const theta = p.init(createRng(1)).map((v, i) => v + 0.3 * Math.sin(i));
  const ex = createRule('natural-gradient', { damping: 1e-2 });
  const a = ex.update(context(p, theta, ex), ex.init(theta, { problem: p, rng: createRng(0) })).delta;
  const err = (S: number) => {
    const mc = createRule('natural-gradient', { damping: 1e-2, fisher: 'monte-carlo', samples: S });
    const b = mc.update(context(p, theta, mc, 11), mc.init(theta, { problem: p, rng: createRng(0) })).delta;
    return maxDiff(a, b) / maxAbs(a);
  };
  const e1 = err(1), e400 = err(400);
  assert.ok(e400 < 0.1 && e400 < e1, `relative error ${e1} (S=1) → ${e400} (S=400)`);
});

test('kfac: the step equals a dense solve with the damped Kronecker factors (two-layer MLP, empirical labels)', () => {
  const p = createProblem({ id: 'mlp-classifier', widths: [3, 4, 3], examples: 20, activation: 'tanh' }, createRng(12));
  const theta = p.init(createRng(13)), lr = 0.5, lam = 0.1;
  const rule = createRule('kfac', { lr, damping: lam, fisher: 'empirical', piCorrection: true });
  const delta = rule.update(context(p, theta, rule), rule.init(theta, { problem: p, rng: createRng(0) })).delta;
  // reference: per layer, build Ā, G from explicit loops and solve ((Ā + π√λ I) ⊗ (G + √λ/π I)) vec(Δ) = vec(∇)
  const pred = predictiveOf(p, 't'), lin = pred.linearize(theta), lay = lin.layers!, m = lin.m, K = 3;
  const u = new Float64Array(m * K);
  for (let i = 0; i < m; i++) pred.family.dnll(lin.outputs.subarray(i * K, (i + 1) * K), lin.targets.subarray(i, i + 1), u.subarray(i * K, (i + 1) * K));
  const s = lay.backprop(u), g = p.grad(theta);
  for (let l = 0; l < 2; l++) {
    const nin = lay.widths[l]! + 1, nout = lay.widths[l + 1]!, x = lay.inputs[l]!;
    const A = new Float64Array(nin * nin), G = new Float64Array(nout * nout);
    for (let i = 0; i < m; i++) {
      const ab = [...x.subarray(i * (nin - 1), (i + 1) * (nin - 1)), 1];
      for (let a = 0; a < nin; a++) for (let b = 0; b < nin; b++) A[a * nin + b] = A[a * nin + b]! + ab[a]! * ab[b]! / m;
      for (let a = 0; a < nout; a++) for (let b = 0; b < nout; b++) G[a * nout + b] = G[a * nout + b]! + s[l]![i * nout + a]! * s[l]![i * nout + b]! / m;
    }
    let ta = 0, tg = 0;
    for (let a = 0; a < nin; a++) ta += A[a * nin + a]! / nin;
    for (let a = 0; a < nout; a++) tg += G[a * nout + a]! / nout;
    const pi = Math.sqrt(ta / tg);
    for (let a = 0; a < nin; a++) A[a * nin + a] = A[a * nin + a]! + pi * Math.sqrt(lam);
    for (let a = 0; a < nout; a++) G[a * nout + a] = G[a * nout + a]! + Math.sqrt(lam) / pi;
    // Δ (nout×nin) with G Δ A = ∇  ⇔  (G ⊗ Aᵀ) vec_row(Δ) = vec_row(∇)
    const n = nout * nin, Kr = new Float64Array(n * n), rhs = new Float64Array(n);
    for (let r = 0; r < nout; r++) for (let c = 0; c < nin; c++) {
      rhs[r * nin + c] = c < nin - 1 ? g[lay.offsets.w[l]! + r * (nin - 1) + c]! : g[lay.offsets.b[l]! + r]!;
      for (let r2 = 0; r2 < nout; r2++) for (let c2 = 0; c2 < nin; c2++) Kr[(r * nin + c) * n + r2 * nin + c2] = G[r * nout + r2]! * A[c2 * nin + c]!;
    }
    const dvec = spdSolve(Kr, rhs, n, 'kron');
    for (let r = 0; r < nout; r++) for (let c = 0; c < nin; c++) {
      const idx = c < nin - 1 ? lay.offsets.w[l]! + r * (nin - 1) + c : lay.offsets.b[l]! + r;
      assert.ok(Math.abs(delta[idx]! + lr * dvec[r * nin + c]!) <= 1e-12 * Math.max(1, maxAbs(dvec)), `layer ${l} (${r}, ${c})`);
    }
  }
  // the true-Fisher variant samples its labels from the model (different from the data labels)
  const y = sampleTargets(pred.family, lin.outputs, createRng(0));
  assert.ok(y.some((v, i) => v !== lin.targets[i]));
});

test('kfac: running factor averages and their damped inverses over steps equal explicit loops (decay, updateEvery)', () => {
  const p = createProblem({ id: 'mlp-classifier', widths: [3, 5, 3], examples: 24, activation: 'tanh' }, createRng(14));
  const decay = 0.8, lam = 0.05, pred = predictiveOf(p, 't'), K = 3;
  const rule = createRule('kfac', { lr: 0.3, damping: lam, fisher: 'empirical', decay, updateEvery: 2 });
  let theta = p.init(createRng(15)), state = rule.init(theta, { problem: p, rng: createRng(0) });
  const refA: Float64Array[] = [], refG: Float64Array[] = [];
  let lastInv: { A: Float64Array[]; G: Float64Array[] } = { A: [], G: [] };
  for (let step = 0; step < 4; step++) {
    const batch = Int32Array.from({ length: 8 }, (_, i) => (5 * step + 3 * i) % 24);
    // reference batch factors (1/m)Σ ā āᵀ and (1/m)Σ s sᵀ at the data labels, folded into a plain running average
    const lin = pred.linearize(theta, batch), lay = lin.layers!, m = lin.m, u = new Float64Array(m * K);
    for (let i = 0; i < m; i++) pred.family.dnll(lin.outputs.subarray(i * K, (i + 1) * K), lin.targets.subarray(i, i + 1), u.subarray(i * K, (i + 1) * K));
    const sl = lay.backprop(u);
    for (let l = 0; l < 2; l++) {
      const nin = lay.widths[l]! + 1, nout = lay.widths[l + 1]!, x = lay.inputs[l]!;
      const A = new Float64Array(nin * nin), G = new Float64Array(nout * nout);
      for (let i = 0; i < m; i++) {
        const ab = [...x.subarray(i * (nin - 1), (i + 1) * (nin - 1)), 1];
        for (let a = 0; a < nin; a++) for (let b = 0; b < nin; b++) A[a * nin + b] = A[a * nin + b]! + ab[a]! * ab[b]! / m;
        for (let a = 0; a < nout; a++) for (let b = 0; b < nout; b++) G[a * nout + b] = G[a * nout + b]! + sl[l]![i * nout + a]! * sl[l]![i * nout + b]! / m;
      }
      refA[l] = step === 0 ? A : refA[l]!.map((v, j) => decay * v + (1 - decay) * A[j]!);
      refG[l] = step === 0 ? G : refG[l]!.map((v, j) => decay * v + (1 - decay) * G[j]!);
    }
    const r = rule.update(context(p, theta, rule, 0, batch), state);
    state = r.state as typeof state;
    const st = state as unknown as { A: Float64Array[]; G: Float64Array[]; Ainv: Float64Array[]; Ginv: Float64Array[] };
    for (let l = 0; l < 2; l++) {
      const nin = lay.widths[l]! + 1, nout = lay.widths[l + 1]!;
      assert.ok(maxDiff(st.A[l]!, refA[l]!) <= 1e-14 * maxAbs(refA[l]!), `step ${step} layer ${l}: Ā off by ${maxDiff(st.A[l]!, refA[l]!)}`);
      assert.ok(maxDiff(st.G[l]!, refG[l]!) <= 1e-14 * maxAbs(refG[l]!), `step ${step} layer ${l}: G off by ${maxDiff(st.G[l]!, refG[l]!)}`);
      if (step % 2 === 0) {
        // inverses refreshed: (F + c·I)⁻¹ by a dense solve against I, π from the traces
        const ta = refA[l]!.filter((_, j) => j % (nin + 1) === 0).reduce((a, b) => a + b) / nin;
        const tg = refG[l]!.filter((_, j) => j % (nout + 1) === 0).reduce((a, b) => a + b) / nout;
        const pi = Math.sqrt(ta / tg);
        for (const [F, n, c, got] of [[refA[l]!, nin, pi * Math.sqrt(lam), st.Ainv[l]!], [refG[l]!, nout, Math.sqrt(lam) / pi, st.Ginv[l]!]] as const) {
          const M = F.slice();
          for (let i = 0; i < n; i++) M[i * n + i] = M[i * n + i]! + c;
          for (let j = 0; j < n; j++) {
            const e = new Float64Array(n); e[j] = 1;
            const col = spdSolve(M, e, n, 'inverse');
            for (let i = 0; i < n; i++) assert.ok(Math.abs(got[i * n + j]! - col[i]!) <= 1e-11 * maxAbs(col), `step ${step} layer ${l}: inverse (${i}, ${j})`);
          }
        }
      } else {
        // not an update step: the inverses are those of the previous step, untouched
        assert.ok(maxDiff(st.Ainv[l]!, lastInv.A[l]!) === 0 && maxDiff(st.Ginv[l]!, lastInv.G[l]!) === 0, `step ${step} layer ${l}: inverses changed`);
      }
    }
    lastInv = { A: st.Ainv.map((a) => a.slice()), G: st.Ginv.map((a) => a.slice()) };
    theta = theta.map((v, j) => v + r.delta[j]!);
  }
});

test('kfac reaches a lower training loss than SGD and Adam in the same number of steps (mlp-classifier)', () => {
  const p = createProblem({ id: 'mlp-classifier', widths: [6, 32, 4], examples: 400, activation: 'tanh' }, createRng(21));
  const final = (rule: string, hyper: Record<string, unknown>) =>
    run({ problem: p, rule: createRule(rule, hyper), steps: 150, seed: 1, batchSize: 100, record: ['loss'] }).loss!.at(-1)!;
  const k = final('kfac', { lr: 0.3, damping: 1e-2, momentum: 0.5 });
  const s = final('sgd', { lr: 0.3, momentum: 0.9 });
  const a = final('adam', { lr: 1e-2 });
  assert.ok(k < s && k < a, `kfac ${k}, sgd ${s}, adam ${a}`);
});

test('errors: a problem without a predictive, K-FAC without layers, adaptive damping with λ = 0', () => {
  const r = createProblem({ id: 'rosenbrock' }, createRng(0));
  assert.throws(() => createRule('natural-gradient').init(new Float64Array(2), { problem: r, rng: createRng(0) }), /no predictive distribution/);
  const lg = createProblem({ id: 'logistic-regression' }, createRng(0));
  assert.throws(() => createRule('kfac').init(new Float64Array(5), { problem: lg, rng: createRng(0) }), /does not expose its layers/);
  assert.throws(() => createRule('natural-gradient', { damping: 0, adaptiveDamping: true }), /damping/);
  assert.throws(() => createRule('natural-gradient', { fisher: 'hessian' }), /fisher/);
});
