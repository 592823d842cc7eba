import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/dynamics/runner.ts';
import { createBatcher } from '../../src/dynamics/batching.ts';
import { createSchedule } from '../../src/dynamics/schedules.ts';
import { row, trajectoryFromJSON, trajectoryToJSON } from '../../src/dynamics/trajectory.ts';
import { createProblem } from '../../src/problems/index.ts';
import { createRng } from '../../src/random/index.ts';
import { InvalidArgumentError, ResourceError } from '../../src/errors.ts';
import type { Rule } from '../../src/rules/types.ts';
import { localGd, localMomentum } from './helpers.ts';

const rosen = () => createProblem({ id: 'rosenbrock' }, createRng(0));

test('recording shapes: theta/loss/grad have steps+1 rows, update has steps rows, update[k] = θ_{k+1} − θ_k', () => {
  const p = rosen();
  const t = run({ problem: p, rule: localGd(1e-3), steps: 25, seed: 0, record: ['theta', 'loss', 'grad', 'update', 'lr', 'state'] });
  assert.equal(t.completed, 25);
  assert.equal(t.theta!.length, 26 * 2);
  assert.equal(t.loss!.length, 26);
  assert.equal(t.grad!.length, 26 * 2);
  assert.equal(t.update!.length, 25 * 2);
  assert.equal(t.lr!.length, 25);
  assert.equal(t.state!.length, 25);
  assert.deepEqual(Array.from(row(t, 'theta', 0)), [-2, 2]);
  assert.equal(t.loss![0], 409);
  for (let k = 0; k < 25; k++) {
    const a = row(t, 'theta', k), b = row(t, 'theta', k + 1), u = row(t, 'update', k);
    for (let i = 0; i < 2; i++) assert.equal(u[i], b[i]! - a[i]!);
    // loss/grad rows are L(θ_k), ∇L(θ_k)
    assert.equal(t.loss![k], p.loss(Float64Array.from(a)));
    assert.deepEqual(Array.from(row(t, 'grad', k)), Array.from(p.grad(Float64Array.from(a))));
    // GD: θ_{k+1} = θ_k − lr ∇L(θ_k) exactly as the rule computes it
    const g = row(t, 'grad', k);
    for (let i = 0; i < 2; i++) assert.equal(b[i], a[i]! + -1e-3 * g[i]!);
  }
  const json = JSON.parse(JSON.stringify(trajectoryToJSON(t)));
  assert.equal(json.theta.length, 26);
  assert.equal(json.update.length, 25);
  assert.deepEqual(json.theta[0], [-2, 2]);
  const back = trajectoryFromJSON(json);
  assert.deepEqual(Array.from(back.theta!), Array.from(t.theta!));
  assert.deepEqual(Array.from(back.update!), Array.from(t.update!));
  const onlyLoss = run({ problem: p, rule: localGd(1e-3), steps: 5, seed: 0, record: ['loss'] });
  assert.equal(onlyLoss.theta, undefined);
  assert.deepEqual(Array.from(onlyLoss.loss!), Array.from(t.loss!.subarray(0, 6)));
});

test('GD and heavy ball on a diagonal quadratic match the eigenbasis closed-form iterates', () => {
  const p = createProblem({ id: 'quadratic', A: [[2, 0], [0, 0.5]], b: [2, -1] }, createRng(0));
  const star = [1, -2], lam = [2, 0.5], lr = 0.3, steps = 40;
  const t = run({ problem: p, rule: localGd(lr), steps, seed: 0, init: [3, 1] });
  for (let k = 0; k <= steps; k++) {
    const th = row(t, 'theta', k);
    for (let i = 0; i < 2; i++) {
      const want = star[i]! + (1 - lr * lam[i]!) ** k * ([3, 1][i]! - star[i]!);
      assert.ok(Math.abs(th[i]! - want) <= 1e-12 * Math.max(1, Math.abs(want)), `GD k=${k} i=${i}: ${th[i]} vs ${want}`);
    }
  }
  // heavy ball: e_{k+1} = (1 + μ − lr λ) e_k − μ e_{k−1}; e_1 = (1 − lr λ) e_0 (buffer starts at 0 → b₁ = g₀)
  const mu = 0.5;
  const hb = run({ problem: p, rule: localMomentum(lr, mu), steps, seed: 0, init: [3, 1] });
  for (let i = 0; i < 2; i++) {
    let e0 = [3, 1][i]! - star[i]!, e1 = (1 - lr * lam[i]!) * e0;
    for (let k = 2; k <= steps; k++) {
      const e2 = (1 + mu - lr * lam[i]!) * e1 - mu * e0;
      e0 = e1; e1 = e2;
      const got = row(hb, 'theta', k)[i]! - star[i]!;
      assert.ok(Math.abs(got - e2) <= 1e-12, `HB k=${k} i=${i}: ${got} vs ${e2}`);
    }
  }
});

test('determinism per seed: same seed → identical trajectory; other seed → other batches and data', () => {
  const make = (seed: number) => {
    const p = createProblem({ id: 'logistic-regression', examples: 40, dim: 3 }, createRng(seed).fork('problem'));
    return run({ problem: p, rule: localGd(0.5), steps: 30, seed, batchSize: 7 });
  };
  const a = make(1), b = make(1), c = make(2);
  assert.deepEqual(Array.from(a.theta!), Array.from(b.theta!));
  assert.deepEqual(Array.from(a.loss!), Array.from(b.loss!));
  assert.notDeepEqual(Array.from(a.theta!), Array.from(c.theta!));
  // only the batch stream differs between seeds for a fixed problem
  const p = createProblem({ id: 'logistic-regression', examples: 40, dim: 3 }, createRng(0));
  const x = run({ problem: p, rule: localGd(0.5), steps: 10, seed: 'a', batchSize: 7, record: ['theta'] });
  const y = run({ problem: p, rule: localGd(0.5), steps: 10, seed: 'b', batchSize: 7, record: ['theta'] });
  assert.notDeepEqual(Array.from(x.theta!), Array.from(y.theta!));
  assert.equal(x.epochs, 1); // 10 batches of ≤7 over 40 examples: 6 per epoch
});

test('batching: every example exactly once per epoch, last batch smaller; the runner passes those batches', () => {
  const n = 23, bs = 5;
  const batcher = createBatcher(n, bs, createRng(3));
  for (let epoch = 0; epoch < 4; epoch++) {
    const seen: number[] = [];
    const sizes: number[] = [];
    for (let j = 0; j < Math.ceil(n / bs); j++) { const b = batcher.next(); sizes.push(b.length); seen.push(...b); }
    assert.deepEqual(sizes, [5, 5, 5, 5, 3]);
    assert.deepEqual([...seen].sort((u, v) => u - v), Array.from({ length: n }, (_, i) => i), `epoch ${epoch}`);
    assert.equal(batcher.epoch, epoch + 1);
  }
  // through the runner: a spy rule sees the batches; full-data loss is recorded, batch loss separately
  const p = createProblem({ id: 'linear-regression', examples: n, dim: 2 }, createRng(0));
  const seen: number[][] = [];
  const spy: Rule<null, { lr: number }> = {
    id: 'spy', hyper: { lr: 0.1 }, init: () => null,
    update(ctx) { seen.push(Array.from(ctx.batch!)); return { delta: ctx.grad().map((g) => -0.1 * g), state: null }; },
  };
  const t = run({ problem: p, rule: spy, steps: 10, seed: 4, batchSize: bs, record: ['theta', 'loss', 'batchLoss'] });
  assert.equal(t.epochs, 2);
  for (const ep of [seen.slice(0, 5), seen.slice(5, 10)]) {
    assert.deepEqual(ep.flat().sort((u, v) => u - v), Array.from({ length: n }, (_, i) => i));
  }
  assert.equal(t.batchLoss![0], p.loss(Float64Array.from(row(t, 'theta', 0)), Int32Array.from(seen[0]!)));
  assert.equal(t.loss![0], p.loss(new Float64Array(2)));
  assert.throws(() => run({ problem: rosen(), rule: localGd(0.1), steps: 1, seed: 0, batchSize: 2 }), InvalidArgumentError);
});

test('changing hyperparameters mid-run keeps the rule state (momentum buffer carries over)', () => {
  const p = createProblem({ id: 'quadratic', A: [[2, 0.3], [0.3, 0.5]], b: [1, 0] }, createRng(0));
  const changed = run({
    problem: p, rule: localMomentum(0.1, 0.9), steps: 20, seed: 0, record: ['theta', 'state'],
    adjust: (t, h) => { if (t >= 10) h.lr = 0.02; },
  });
  // reference: 10 steps, then continue by hand from the recorded state with lr 0.02
  const first = run({ problem: p, rule: localMomentum(0.1, 0.9), steps: 10, seed: 0, record: ['theta', 'state'] });
  let theta = Float64Array.from(row(first, 'theta', 10));
  let b = (first.state![9] as { b: number[] }).b;
  assert.equal((changed.state![9] as { n: number }).n, 10);
  for (let k = 10; k < 20; k++) {
    const g = p.grad(theta);
    b = b.map((v, i) => 0.9 * v + g[i]!);
    theta = theta.map((v, i) => v + -0.02 * b[i]!);
    assert.deepEqual(Array.from(row(changed, 'theta', k + 1)), Array.from(theta), `step ${k}`);
  }
  assert.equal((changed.state![19] as { n: number }).n, 20);
  // a fresh rule restarted at step 10 with lr 0.02 differs (the buffer matters)
  const restarted = run({ problem: p, rule: localMomentum(0.02, 0.9), steps: 10, seed: 0, init: row(first, 'theta', 10) });
  assert.notDeepEqual(Array.from(row(restarted, 'theta', 10)), Array.from(row(changed, 'theta', 20)));
});

test('schedule: ctx.hyper.lr follows the schedule each step and is recorded', () => {
  const sched = createSchedule({ id: 'step', stepSize: 3, gamma: 0.5 });
  const t = run({ problem: rosen(), rule: localGd(0.001), steps: 7, seed: 0, schedule: sched, record: ['theta', 'lr', 'update', 'grad'] });
  assert.deepEqual(Array.from(t.lr!), [0.001, 0.001, 0.001, 0.0005, 0.0005, 0.0005, 0.00025]);
  for (let k = 0; k < 7; k++) {
    const g = row(t, 'grad', k), th = row(t, 'theta', k), nx = row(t, 'theta', k + 1);
    assert.equal(nx[0], th[0]! + -t.lr![k]! * g[0]!);
  }
  assert.throws(() => run({ problem: rosen(), rule: { ...localGd(0.1), hyper: {} as { lr: number } }, steps: 1, seed: 0, schedule: sched }), /numeric lr/);
});

test('divergence stops the run with a flag, not a crash; JSON has nulls', () => {
  const t = run({ problem: rosen(), rule: localGd(0.1), steps: 500, seed: 0 });
  assert.equal(t.diverged, true);
  assert.ok(t.completed < 500 && t.completed > 0);
  assert.equal(t.divergedAt, t.completed);
  assert.equal(t.loss!.length, t.completed + 1);
  assert.equal(t.update!.length, t.completed * 2);
  assert.ok(!Number.isFinite(t.loss![t.completed]!));
  assert.ok(t.loss!.subarray(0, t.completed).every(Number.isFinite));
  const json = JSON.parse(JSON.stringify(trajectoryToJSON(t)));
  assert.equal(json.diverged, true);
  assert.equal(json.loss[t.completed], null);
  const ok = run({ problem: rosen(), rule: localGd(1e-4), steps: 10, seed: 0 });
  assert.equal(ok.diverged, false);
  assert.equal(ok.divergedAt, null);
});

test('progress callback, default init from the problem, resource refusal', () => {
  const calls: number[] = [];
  run({ problem: rosen(), rule: localGd(1e-4), steps: 50, seed: 0, progressEvery: 20, onProgress: (p) => calls.push(p.step) });
  assert.deepEqual(calls, [20, 40, 50]);
  const q = createProblem({ id: 'quadratic-n', dim: 5 }, createRng(0));
  const a = run({ problem: q, rule: localGd(0.1), steps: 1, seed: 9, record: ['theta'] });
  assert.deepEqual(Array.from(row(a, 'theta', 0)), Array.from(q.init(createRng(9).fork('init'))));
  const big = createProblem({ id: 'quadratic-n', dim: 1_000_000, rotate: false }, createRng(0));
  assert.throws(() => run({ problem: big, rule: localGd(0.1), steps: 10_000, seed: 0 }), ResourceError);
  const lossOnly = run({ problem: big, rule: localGd(0.5), steps: 3, seed: 0, record: ['loss'] });
  assert.ok(lossOnly.loss![3]! < lossOnly.loss![0]!);
});

test('registry rule (torch-form momentum): a mid-run lr change keeps the momentum buffer', async () => {
  const { createRule } = await import('../../src/rules/index.ts');
  const p = createProblem({ id: 'quadratic', A: [[2, 0.3], [0.3, 0.5]], b: [1, 0] }, createRng(0));
  const t = run({
    problem: p, rule: createRule('momentum', { lr: 0.1 }), steps: 20, seed: 0,
    record: ['theta', 'grad', 'update', 'lr', 'state'], adjust: (k, h) => { if (k >= 10) h.lr = 0.02; },
  });
  assert.deepEqual(Array.from(t.lr!.subarray(8, 12)), [0.1, 0.1, 0.02, 0.02]);
  const buf = (k: number) => (t.state![k] as { momentumBuffer: number[] }).momentumBuffer;
  for (let k = 1; k < 20; k++) {
    const g = row(t, 'grad', k), th = row(t, 'theta', k), nx = row(t, 'theta', k + 1);
    for (let i = 0; i < 2; i++) {
      assert.equal(buf(k)[i], buf(k - 1)[i]! * 0.9 + 1 * g[i]!, `buffer k=${k}`); // torch: b·μ + (1 − τ)·g
      assert.equal(nx[i], th[i]! + -t.lr![k]! * buf(k)[i]!, `θ k=${k}`);
    }
  }
  // the state snapshots are copies: later steps do not overwrite earlier records
  assert.notDeepEqual(buf(5), buf(15));
});

test('a rule with the fused apply (Adam) gives the same trajectory, bit for bit, as its update + θ + δ', async () => {
  const { createRule } = await import('../../src/rules/index.ts');
  // dim 5000 puts large Adam states in the wasm arena on the portable backend (θ kept in the rule's buffer).
  for (const [dim, batchSize] of [[6, undefined], [5000, undefined], [4, 10]] as [number, number | undefined][]) {
    const problem = batchSize === undefined
      ? createProblem({ id: 'quadratic-n', dim, condition: 10, rotate: dim <= 6 }, createRng(1))
      : createProblem({ id: 'linear-regression', dim, examples: 40 }, createRng(1));
    for (const record of [['theta', 'loss', 'grad', 'update', 'state'], ['loss'], []] as const) {
      const fusedRule = createRule('adamw', { lr: 0.05, amsgrad: true });
      assert.ok(fusedRule.apply !== undefined, 'adamw has the fused apply');
      const plain = createRule('adamw', { lr: 0.05, amsgrad: true });
      const unfused: Rule = { id: plain.id, hyper: plain.hyper, init: plain.init, update: plain.update };
      const opts = { problem, steps: 12, seed: 3, record: [...record], ...(batchSize ? { batchSize } : {}) };
      const a = trajectoryToJSON(run({ ...opts, rule: fusedRule })), b = trajectoryToJSON(run({ ...opts, rule: unfused }));
      assert.deepEqual(a, b, `dim ${dim}, record [${record.join(', ')}]${batchSize ? ', minibatches' : ''}`);
    }
  }
});

test('θ arrays are reused between steps, yet every recorded row is the θ_k of its step', () => {
  const p = createProblem({ id: 'quadratic-n', dim: 3, condition: 4, rotate: false }, createRng(2));
  const seen = new Set<Float64Array>();
  const rule: Rule = {
    ...localGd(0.1),
    update(ctx, state) { seen.add(ctx.theta); return localGd(0.1).update(ctx as never, state as null); },
  };
  const t = run({ problem: p, rule, steps: 9, seed: 0, record: ['theta', 'grad'] });
  assert.ok(seen.size <= 2, `θ lives in at most two arrays, saw ${seen.size}`);
  for (let k = 0; k < 9; k++) {
    const a = row(t, 'theta', k), b = row(t, 'theta', k + 1), g = row(t, 'grad', k);
    for (let i = 0; i < 3; i++) assert.equal(b[i], a[i]! + -0.1 * g[i]!, `GD step ${k}, entry ${i}`);
  }
});
