// `learnscope geometry RUN.json` end to end (run → geometry) and analyzeTrajectory against closed forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';
import { analyzeTrajectory } from '../../src/geometry/index.ts';

function capture(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

async function cli(cwd: string, ...args: string[]) {
  const io = capture(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

test('geometry on recorded runs: GD has ψ = 0 and κ_min = 1; momentum on Rosenbrock has non-descent steps; figures; discrete view', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-geometry-'));
  try {
    writeFileSync(join(dir, 'gd.json'), JSON.stringify({ problem: { id: 'quadratic' }, rule: { id: 'gd', lr: 0.1 }, steps: 40, seed: 0, record: ['theta', 'loss', 'grad', 'update'] }));
    assert.equal((await cli(dir, 'run', 'gd.json', '--out', 'gd-run.json')).code, 0);
    const r = await cli(dir, 'geometry', 'gd-run.json', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out).runs[0];
    assert.equal(j.steps, 40);
    assert.equal(j.summary.effective, 40);
    for (let k = 0; k < 40; k++) {
      assert.ok(j.psiDeg[k] <= 1e-6, `ψ_${k} = ${j.psiDeg[k]}`);
      assert.ok(Math.abs(j.kappaMin[k] - 1) <= 1e-12);
      assert.ok(j.residual[k] <= 1e-15);
      // g = δ/lr = −∇L = y for plain GD, so M_opt = I
      assert.ok(Math.abs(j.eigMin[k] - 1) <= 1e-12 && Math.abs(j.eigMax[k] - 1) <= 1e-12);
    }
    // discrete view: the mean-value property holds at every step
    const d = JSON.parse((await cli(dir, 'geometry', 'gd-run.json', '--discrete', 'avf', '--json')).out).runs[0];
    assert.equal(d.view, 'avf');
    assert.ok(Math.max(...d.meanValueResidual) <= 1e-12);
    assert.equal(d.summary.effective, 40);

    writeFileSync(join(dir, 'mom.json'), JSON.stringify({ problem: { id: 'rosenbrock' }, rules: [{ id: 'momentum', lr: 0.001 }, { id: 'gd', lr: 0.001 }], steps: 200, seed: 0, record: ['theta', 'loss', 'grad', 'update'] }));
    assert.equal((await cli(dir, 'run', 'mom.json', '--out', 'mom-run.json')).code, 0);
    const t = await cli(dir, 'geometry', 'mom-run.json', '--out', 'figs', '--kind', 'bfgs');
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /momentum\s+continuous\s+bfgs\s+200/);
    const m = JSON.parse((await cli(dir, 'geometry', 'mom-run.json', '--json')).out).runs;
    assert.ok(m[0].summary.notDescent > 0, 'momentum overshoots in the valley: some updates are not descent directions');
    assert.equal(m[0].summary.effective + m[0].summary.notDescent + m[0].summary.other, 200);
    const k = m[0].status.indexOf('not-descent');
    assert.ok(m[0].psiDeg[k] > 90 && m[0].kappaMin[k] === null);
    for (const f of ['geometry-momentum.svg', 'geometry-momentum.png', 'geometry-momentum-ellipses.svg', 'geometry-gd-ellipses.png']) assert.ok(existsSync(join(dir, 'figs', f)), f);

    // the biologically plausible rules through the registry: run, then the metric of every step
    writeFileSync(join(dir, 'bio.json'), JSON.stringify({ problem: { id: 'mlp', widths: [10, 8, 3], teacherHidden: [8], examples: 60 },
      rules: [{ id: 'fa', lr: 0.05 }, { id: 'dfa', lr: 0.05 }], steps: 60, seed: 0, record: ['loss', 'grad', 'update'] }));
    assert.equal((await cli(dir, 'run', 'bio.json', '--out', 'bio-run.json')).code, 0);
    const bio = JSON.parse((await cli(dir, 'geometry', 'bio-run.json', '--json')).out).runs;
    assert.deepEqual(bio.map((r: { rule: string }) => r.rule), ['fa', 'dfa']);
    for (const r of bio) {
      assert.ok(r.summary.effective >= 55, `${r.rule}: ${JSON.stringify(r.summary)}`);
      assert.ok(r.summary.psiMin > 1, `${r.rule} is not gradient descent (ψ > 0)`);
      assert.ok(r.summary.maxResidual <= 1e-14);
    }

    // errors
    writeFileSync(join(dir, 'noGrad.json'), JSON.stringify({ problem: { id: 'quadratic' }, rule: { id: 'gd', lr: 0.1 }, steps: 5, seed: 0, record: ['loss'] }));
    await cli(dir, 'run', 'noGrad.json', '--out', 'noGrad-run.json');
    const e1 = await cli(dir, 'geometry', 'noGrad-run.json');
    assert.equal(e1.code, 2); assert.match(e1.err, /needs 'grad' and 'update' recorded/);
    const e2 = await cli(dir, 'geometry', 'missing.json');
    assert.equal(e2.code, 2); assert.match(e2.err, /cannot read missing\.json/);
    writeFileSync(join(dir, 'bad.json'), '{');
    assert.match((await cli(dir, 'geometry', 'bad.json')).err, /not valid JSON/);
    assert.match((await cli(dir, 'geometry', 'gd-run.json', '--discrete', 'euler')).err, /--discrete euler: unknown/);
    assert.match((await cli(dir, 'geometry', 'gd-run.json', '--kind', 'alpha')).err, /needs --alpha/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyzeTrajectory: the discrete view of a GD step on a quadratic uses the midpoint gradient (Gonzalez = AVF there)', () => {
  // L = ½θᵀHθ, H = diag(1, 10); GD with lr 0.15: θ' = (I − 0.15H)θ
  const H = [1, 10], lr = 0.15, steps = 5;
  const theta = new Float64Array(2 * (steps + 1)); theta[0] = 1; theta[1] = 1;
  for (let k = 0; k < steps; k++) for (let i = 0; i < 2; i++) theta[2 * (k + 1) + i] = (1 - lr * H[i]!) * theta[2 * k + i]!;
  const loss = (x: Float64Array) => 0.5 * (H[0]! * x[0]! ** 2 + H[1]! * x[1]! ** 2);
  const grad = (x: Float64Array) => Float64Array.of(H[0]! * x[0]!, H[1]! * x[1]!);
  const g1 = analyzeTrajectory({ dim: 2, steps, theta, lr }, { discrete: { kind: 'gonzalez', loss, grad } });
  const g2 = analyzeTrajectory({ dim: 2, steps, theta, lr }, { discrete: { kind: 'avf', loss, grad, order: 2 } });
  for (let k = 0; k < steps; k++) {
    // y = −H m, m = (θ_k + θ_{k+1})/2; g = −Hθ_k
    const m = [0, 1].map((i) => (theta[2 * k + i]! + theta[2 * (k + 1) + i]!) / 2);
    const y = m.map((v, i) => -H[i]! * v), g = [0, 1].map((i) => -H[i]! * theta[2 * k + i]!);
    const psi = Math.acos((y[0]! * g[0]! + y[1]! * g[1]!) / (Math.hypot(...y) * Math.hypot(...g))) * 180 / Math.PI;
    assert.ok(Math.abs(g1.psiDeg[k]! - psi) <= 1e-6, `${g1.psiDeg[k]} vs ${psi}`);
    assert.ok(Math.abs(g2.psiDeg[k]! - g1.psiDeg[k]!) <= 1e-9);
  }
  assert.throws(() => analyzeTrajectory({ dim: 2, steps, theta, lr }), /needs 'grad' recorded/);
});
