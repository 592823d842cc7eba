// `learnscope metric` through main() with a capturing CliIO: values, text layout, and the usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CliIO } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd: process.cwd(), out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

async function run(...args: string[]) {
  const io = capture();
  const code = await main(['metric', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

test('metric --json on R-LTI-2 (θ = (1, 0)): ψ = 45°, κ = κ_min = 3 + 2√2, spectrum, matrix, M g = y', async () => {
  // A = [[−1, −1], [1, −1]], L = ½‖θ‖²: y = −θ, g = Aθ
  const r = await run('--y', '[-1, 0]', '--g', '[-1, 1]', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(Math.abs(j.psiDeg - 45) <= 1e-12);
  assert.ok(Math.abs(j.kappaMin - (3 + 2 * Math.SQRT2)) <= 1e-12);
  assert.ok(Math.abs(j.kappa - (3 + 2 * Math.SQRT2)) <= 1e-12);
  assert.equal(j.effective, true);
  assert.equal(j.alpha, 1);
  assert.equal(j.eigenvalues.length, 2);
  assert.ok(Math.abs(j.eigenvalues[0].value - (1 - Math.SQRT1_2)) <= 1e-15 && j.eigenvalues[0].multiplicity === 1);
  // M g = y from the printed matrix
  const M = j.matrix as number[][];
  assert.ok(Math.abs(M[0]![0]! * -1 + M[0]![1]! * 1 - -1) <= 1e-15 && Math.abs(M[1]![0]! * -1 + M[1]![1]! - 0) <= 1e-15);
  assert.equal(r.err, '');
});

test('metric text output: ψ in degrees and radians, κ, κ_min, multiplicities, effectiveness, matrix only for D ≤ 64', async () => {
  const r = await run('--y', '[1, 1, 0, 0]', '--g', '[1, 0, 0, 0]');
  assert.equal(r.code, 0, r.err);
  for (const s of ['ψ = 45.00000000° = 0.7853981634 rad', 'cos ψ = 0.7071067812', 'κ_min(ψ) = 5.828427125', 'effective: yes', '2 × 2', 'M =']) {
    assert.ok(r.out.includes(s), `missing '${s}' in:\n${r.out}`);
  }
  const big = Array.from({ length: 65 }, (_, i) => (i === 0 ? 1 : 0.01));
  const rb = await run('--y', JSON.stringify(big), '--g', JSON.stringify(big.map((v, i) => (i === 1 ? 0.5 : v))), '--json');
  assert.equal(rb.code, 0, rb.err);
  assert.equal(JSON.parse(rb.out).matrix, undefined);
  assert.match((await run('--y', JSON.stringify(big), '--g', JSON.stringify(big))).out, /matrix not printed: D = 65 > 64/);
});

test('metric --kind alpha|bfgs|dfp|psb: each solves M g = y; κ ≥ κ_min; psb can warn', async () => {
  for (const args of [['--kind', 'alpha', '--alpha', '2.5'], ['--kind', 'bfgs'], ['--kind', 'dfp'], ['--kind', 'psb'], ['--kind', 'sr1']]) {
    const r = await run('--y', '[0.3, -1, 2]', '--g', '[1, 0.5, 1.5]', '--json', ...args);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.ok(j.residual <= 1e-14, `${args}: residual ${j.residual}`);
    if (j.positiveDefinite) assert.ok(j.kappaRatio >= 1 - 1e-12, `${args}: κ/κ_min ${j.kappaRatio}`);
    if (args[1] === 'alpha') assert.equal(j.alpha, 2.5);
  }
  const psb = JSON.parse((await run('--y', '[1, 0]', '--g', '[0.2, 3]', '--kind', 'psb', '--json')).out);
  assert.equal(psb.positiveDefinite, false);
  assert.match(psb.warning, /not positive definite/);
});

test('metric errors: bad JSON, non-numbers, lengths, ψ ≥ 90°, g = 0, bad kind/alpha — exit 2 with the reason', async () => {
  const cases: [string[], RegExp][] = [
    [['--y', '[1, 2', '--g', '[1, 2]'], /--y '\[1, 2' is not valid JSON/],
    [['--y', '[1, "a"]', '--g', '[1, 2]'], /--y\[1\] is "a"; only finite numbers/],
    [['--y', '{}', '--g', '[1, 2]'], /non-empty JSON array/],
    [['--g', '[1, 2]'], /--y is required/],
    [['--y', '[1, 2, 3]', '--g', '[1, 2]'], /--y has 3 entries but --g has 2/],
    [['--y', '[1, 0]', '--g', '[-1, 1]'], /ψ = 135\.000° ≥ 90°.*not a descent direction/],
    [['--y', '[1, 0]', '--g', '[0, 1]'], /ψ = 90\.0000° ≥ 90°/],
    [['--y', '[1, 0]', '--g', '[0, 0]'], /update g is 0 while the gradient is not/],
    [['--y', '[1, 0]', '--g', '[1, 1]', '--kind', 'nope'], /--kind nope: unknown; accepted: opt, alpha/],
    [['--y', '[1, 0]', '--g', '[1, 1]', '--kind', 'alpha'], /--kind alpha needs --alpha/],
    [['--y', '[1, 0]', '--g', '[1, 1]', '--kind', 'alpha', '--alpha=-1'], /--alpha -1: must be a number > 0/],
    [['--y', '[1, 0]', '--g', '[1, 1]', '--bogus'], /bogus/],
  ];
  for (const [args, re] of cases) {
    const r = await run(...args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
    assert.match(r.err, re);
    assert.equal(r.out, '');
  }
  const help = capture();
  assert.equal(await main(['metric', '--help'], help), 0);
  assert.match(help.stdout, /usage: learnscope metric/);
});
