import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command.ts';
import { makeExperimentCommand } from '../../src/cli/commands/experiment.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { checkClose, checkThat, type Experiment } from '../../src/experiments/types.ts';
import { line, plot } from '../../src/plot/index.ts';

/** A tiny fake experiment: geometric decay; `failing` makes one check fail. */
const fake: Experiment<{ steps: number; seed: number; failing: boolean }> = {
  id: 'fake-decay',
  summary: 'a geometric decay (test fixture)',
  config: ({ quick, seed }) => ({ steps: quick ? 5 : 20, seed, failing: seed === 13 }),
  run(config, ctx) {
    const loss = Array.from({ length: config.steps }, (_, t) => 0.5 ** t);
    ctx.progress('decaying', 0.5);
    ctx.progress('done', 1);
    return {
      name: 'fake-decay', config, summary: 'Loss halves at every step.',
      results: { loss: Float64Array.from(loss), final: loss[loss.length - 1]! },
      checks: [
        checkClose('final loss', 0.5 ** (config.steps - 1), loss[loss.length - 1]!, 1e-15),
        checkThat('monotone | decreasing', 'true', 'true', true),
        ...(config.failing ? [checkClose('impossible', 1, 0, 0.1)] : []),
      ],
      figures: [{ name: 'loss', caption: 'loss per step', svg: plot({ y: { type: 'log', label: 'loss' }, marks: [line(loss, { label: 'fake' })] }).svg }],
    };
  },
};

function capture(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

const command = makeExperimentCommand([fake]);

test('experiment NAME writes report.json, report.md and figures, exits 0 when checks pass', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-exp-'));
  try {
    const io = capture(dir);
    assert.equal(await command.run(['fake-decay', '--quick', '--out', 'r'], io), 0);
    const json = JSON.parse(readFileSync(join(dir, 'r', 'report.json'), 'utf8'));
    assert.deepEqual(Object.keys(json), ['name', 'config', 'results', 'checks', 'figures']);
    assert.deepEqual(json.results.loss, [1, 0.5, 0.25, 0.125, 0.0625]);
    assert.deepEqual(json.figures, ['loss']);
    assert.deepEqual(Object.keys(json.checks[0]), ['name', 'expected', 'measured', 'tolerance', 'pass']);
    const md = readFileSync(join(dir, 'r', 'report.md'), 'utf8');
    assert.match(md, /^# fake-decay\n\n\*\*What this is:\*\* a geometric decay \(test fixture\)\.\n\nMade with `learnscope experiment fake-decay --quick --seed 0` \(the full config is at the end\)\.\n\nLoss halves/);
    assert.match(md, /\| check \| expected \| measured \| tolerance \| pass \|/);
    assert.match(md, /\| monotone \\\| decreasing \| true \| true \| — \| yes \|/);
    assert.match(md, /!\[Figure 1: loss per step\]\(loss\.png\)/);
    assert.match(md, /\*\*Figure 1\.\*\* \*loss per step\* \(\[SVG\]\(loss\.svg\)\)/);
    assert.match(md, /passes when \|measured − expected\| ≤ tolerance/);
    for (const f of ['loss.svg', 'loss.png']) assert.ok(existsSync(join(dir, 'r', f)), f);
    assert.match(io.stderr, /50% decaying/);
    assert.match(io.stdout, /2\/2 checks pass/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a failing check gives exit code 1 and names the check; --json prints only report.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-exp-'));
  try {
    const io = capture(dir);
    assert.equal(await command.run(['fake-decay', '--seed', '13', '--json'], io), 1);
    const json = JSON.parse(io.stdout);
    assert.equal(json.config.seed, 13);
    assert.equal(json.checks.filter((c: { pass: boolean }) => !c.pass).length, 1);
    assert.match(io.stderr, /FAIL impossible: expected 1, measured 0 \(tolerance 0.1\)/);
    assert.ok(existsSync(join(dir, 'out', 'fake-decay', 'report.json')));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('--list lists the registry; bad names and seeds are refused with exit code 2 through main', async () => {
  const io = capture(tmpdir());
  assert.equal(await command.run(['--list'], io), 0);
  assert.match(io.stdout, /fake-decay {2}a geometric decay/);
  assert.ok(commands.some((c) => c.name === 'experiment'), 'registered in the command registry');
  const bad = capture(tmpdir());
  assert.equal(await main(['experiment', 'no-such-thing'], bad), 2);
  assert.match(bad.stderr, /unknown experiment 'no-such-thing'/);
  await assert.rejects(command.run(['fake-decay', '--seed=-1'], capture(tmpdir())), /--seed -1/);
  const missing = capture(tmpdir());
  assert.equal(await main(['experiment', 'fake-decay', '--seed'], missing), 2); // parseArgs errors are usage errors, not crashes
  assert.match(missing.stderr, /--seed/);
  await assert.rejects(command.run(['fake-decay', '--seed', '1.5'], capture(tmpdir())), /integer/);
});
