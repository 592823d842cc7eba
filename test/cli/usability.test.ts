// The CLI as a user meets it: help texts that list every accepted flag with an example, one-line usage errors
// (exit 2, nothing on stdout, no stack trace) that name the flag and suggest the closest accepted word, --json
// output that is only JSON, and byte-identical output for the same config and seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { closest } from '../../src/cli/flags.ts';
import { reportMarkdown } from '../../src/cli/report-writer.ts';
import { makeExperimentCommand } from '../../src/cli/commands/experiment.ts';

const IN_SCOPE = ['doctor', 'experiment', 'list', 'run', 'race', 'metric', 'geometry'];

function capture(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'learnscope-usability-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; returns exit code and captured streams. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture(dir);
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A usage error: exit 2, empty stdout, exactly one line on stderr prefixed with the command, matching `re`. */
async function usageError(args: string[], re: RegExp): Promise<void> {
  const r = await cli(args);
  assert.equal(r.code, 2, `exit code of ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '', `stdout of ${args.join(' ')}`);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one-line error for ${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`^learnscope ${args[0]}: `), `prefix for ${args.join(' ')}`);
  assert.match(r.stderr, re, `message for ${args.join(' ')}`);
}

test('closest suggests near misses only', () => {
  assert.equal(closest('rosenbrok', ['rosenbrock', 'beale']), 'rosenbrock');
  assert.equal(closest('nestrov', ['nesterov', 'adam']), 'nesterov');
  assert.equal(closest('sgdd', ['sgd', 'gd', 'adam']), 'sgd');
  assert.equal(closest('tune', ['tune-lr', 'out']), 'tune-lr', 'unique prefix');
  assert.equal(closest('xyz', ['adam', 'sgd']), undefined, 'nothing close');
  assert.equal(closest('nope', ['rosenbrock', 'beale']), undefined, 'nothing close');
});

test('every command in scope: --help lists each accepted flag and gives an example', async () => {
  for (const name of IN_SCOPE) {
    const cmd = commands.find((c) => c.name === name);
    assert.ok(cmd, `command ${name} is registered`);
    const help = await cli([name, '--help']);
    assert.equal(help.code, 0, `${name} --help exit code`);
    assert.match(help.stdout, /^usage: learnscope /, `${name} --help starts with usage`);
    assert.match(help.stdout, /Examples?:\n {2}(?:\S+=\S+ )?learnscope /, `${name} --help has an example`);
    // The unknown-option error lists the flags the parser accepts; each must be documented in --help.
    const bad = await cli([name, '--zzz-not-a-flag']);
    assert.equal(bad.code, 2, `${name} rejects an unknown flag`);
    const accepted = /accepted: (.*)$/m.exec(bad.stderr)?.[1] ?? '';
    const flags = [...accepted.matchAll(/--([a-z-]+)/g)].map((m) => m[1]!).filter((f) => f !== 'help');
    assert.ok(flags.length > 0, `${name}: the unknown-flag error lists the accepted flags: ${bad.stderr}`);
    for (const f of flags) assert.match(help.stdout, new RegExp(`--${f}\\b`), `${name} --help documents --${f}`);
  }
});

test('flag errors are one line, name the flag and what is accepted', async () => {
  await usageError(['experiment', 'paper-lti', '--quik'], /unknown option --quik \(did you mean --quick\?\); accepted: --out VALUE, --quick/);
  await usageError(['race', '--tune'], /did you mean --tune-lr\?/);
  await usageError(['metric', '--knd', 'opt'], /did you mean --kind\?/);
  await usageError(['doctor', '--json=1'], /--json is a switch and takes no value/);
  await usageError(['doctor', 'extra'], /unexpected argument 'extra'.*accepted: --json/);
  await usageError(['experiment', 'paper-lti', '--seed', '-1'], /--seed needs a value.*joined with '=', e\.g\. --seed=-1/);
  await usageError(['experiment', 'paper-lti', '--seed'], /--seed needs a value/);
  await usageError(['experiment', 'paper-lti', '--seed=-1'], /--seed -1: must be an integer ≥ 0/);
  await usageError(['experiment', 'paper-lti', '--seed='], /--seed : must be an integer ≥ 0/);
  await usageError(['race', '--seed='], /--seed : must be an integer ≥ 0/);
  await usageError(['experiment', 'paper-lt'], /unknown experiment 'paper-lt' \(did you mean paper-lti\?\); available: paper-lti/);
  await usageError(['experiment', '--list', 'paper-lti'], /--list takes no NAME, --out, --quick or --seed/);
  await usageError(['list', 'rule'], /expected what to list: rules, problems, schedules; got rule \(did you mean rules\?\)/);
  await usageError(['race', '--steps', 'NaN'], /--steps NaN: must be an integer ≥ 1/);
  await usageError(['race', '--steps', '0'], /--steps 0: must be an integer ≥ 1/);
  await usageError(['race', '--surface', 'rosenbrok'], /unknown surface 'rosenbrok' \(did you mean rosenbrock\?\)/);
  await usageError(['race', '--rules', 'sgd,nestrov'], /unknown rule 'nestrov' \(did you mean nesterov\?\); accepted: gd, sgd/);
  await usageError(['race', '--steps', '100000000'], /--steps 100000000: .* = 6\.0e\+8 rule steps \(roughly 9000 s and 240\.0 GB\), over the race limit of 2e\+6; use at most 333333 steps/);
  await usageError(['metric', '--y', '[1, NaN]', '--g', '[1, 2]'], /--y '\[1, NaN\]' is not valid JSON/);
  await usageError(['run', 'missing.yaml'], /config file missing\.yaml not found/);
  await usageError(['run', '.'], /cannot read config file \./);
});

test('config errors: NaN shown as NaN, typos get a suggestion, --json selects JSON', async () => {
  const write = (name: string, text: string) => { writeFileSync(join(dir, name), text); return name; };
  await usageError(['run', write('nan.yaml', 'problem: rosenbrock\nrule: { id: adam, lr: .nan }\n')], /config rule\.lr: got NaN/);
  await usageError(['run', write('steps.yaml', 'problem: rosenbrock\nrule: adam\nsteps: .inf\n')], /config steps: got Infinity; expected an integer ≥ 0/);
  await usageError(['run', write('key.yaml', 'problem: rosenbrock\nrule: adam\nstep: 10\n')], /config step: unknown key \(did you mean steps\?\)/);
  await usageError(['run', write('prob.yaml', 'problem: rosenbrok\nrule: adam\n')], /unknown problem "rosenbrok" \(did you mean rosenbrock\?\)/);
  await usageError(['run', write('hyper.yaml', 'problem: rosenbrock\nrule: { id: sgd, momentun: 0.9 }\n')], /rule\.momentun: unknown key \(did you mean momentum\?\)/);
  await usageError(['run', write('bad.yaml', 'problem: rosenbrock\nrule: { id: adam\n')], /is not valid YAML/);
  await usageError(['run', write('big.yaml', 'problem: rosenbrock\nrule: adam\nsteps: 1000000000\n')], /^learnscope run: recording theta, loss, grad, update for 1000000000 steps .* needs \d+\.\d+ GB/);
  await usageError(['run', write('ok.yaml', 'problem: rosenbrock\nrule: adam\nsteps: 5\n'), '--json', '--format', 'csv'], /--json and --format csv contradict/);
  // --json wins over the extension of --out
  const r = await cli(['run', 'ok.yaml', '--json', '--out', 'x.csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'x.csv'), 'utf8')).config.steps, 5, 'x.csv holds JSON');
});

test('geometry refuses --alpha without --kind alpha instead of ignoring it', async () => {
  writeFileSync(join(dir, 'g.yaml'), 'problem: rosenbrock\nrule: { id: sgd, lr: 0.001 }\nsteps: 5\n');
  assert.equal((await cli(['run', 'g.yaml', '--out', 'g.json'])).code, 0, 'run');
  await usageError(['geometry', 'g.json', '--alpha', '2'], /--alpha only applies to --kind alpha \(got --kind opt\)/);
  await usageError(['geometry', 'g.json', '--discrete', 'gonzales'], /--discrete gonzales: unknown \(did you mean gonzalez\?\); accepted: avf, gonzalez/);
  await usageError(['metric', '--y', '[1]', '--g', '[1]', '--kind', 'bgfs'], /--kind bgfs: unknown \(did you mean bfgs\?\)/);
  writeFileSync(join(dir, 'lossonly.yaml'), 'problem: rosenbrock\nrule: { id: sgd, lr: 0.001 }\nsteps: 5\nrecord: [loss]\n');
  assert.equal((await cli(['run', 'lossonly.yaml', '--out', 'lossonly.json'])).code, 0, 'run');
  await usageError(['geometry', 'lossonly.json'], /run 'sgd': the continuous view needs 'grad' and 'update' recorded; re-run learnscope run with record: \[theta, loss, grad, update\]/);
});

test('--json writes only JSON on stdout; same config and seed give the same bytes', async () => {
  writeFileSync(join(dir, 'two.yaml'), 'problem: rosenbrock\nrules: [ { id: sgd, lr: 0.001 }, { id: adam, lr: 0.05 } ]\nsteps: 40\nseed: 3\n');
  const runs = [await cli(['run', 'two.yaml', '--json']), await cli(['run', 'two.yaml', '--json'])];
  assert.equal(runs[0]!.stdout, runs[1]!.stdout, 'run is byte-identical');
  writeFileSync(join(dir, 'run.json'), runs[0]!.stdout);
  for (const args of [['run', 'two.yaml', '--json'], ['list', 'rules', '--json'], ['experiment', '--list', '--json'],
    ['metric', '--y', '[1, 2]', '--g', '[2, 1]', '--json'], ['geometry', 'run.json', '--json'], ['doctor', '--json']]) {
    const r = await cli(args);
    assert.ok(r.code === 0, `${args.join(' ')} exit ${r.code}: ${r.stderr}`);
    assert.doesNotThrow(() => JSON.parse(r.stdout), `${args.join(' ')}: stdout is one JSON document`);
  }
  const g = [await cli(['geometry', 'run.json', '--json']), await cli(['geometry', 'run.json', '--json'])];
  assert.equal(g[0]!.stdout, g[1]!.stdout, 'geometry is byte-identical');
});

test('report.md: command line, what checks compare, numbered captions with * escaped', () => {
  const md = reportMarkdown({
    name: 'x', config: { a: 1 }, results: {}, summary: 'S.',
    checks: [{ name: 'c', expected: 1, measured: 1, tolerance: 0.1, pass: true }],
    figures: [{ name: 'f', svg: '<svg/>', caption: 'gap L − L* for T ≥ T*' }],
  }, { command: 'learnscope experiment x --quick --seed 0' });
  assert.match(md, /^# x\n\nMade with `learnscope experiment x --quick --seed 0`/);
  assert.match(md, /Each check compares a measured value with the reference value/);
  assert.match(md, /\*\*Figure 1\.\*\* \*gap L − L\\\* for T ≥ T\\\*\* \(\[SVG\]\(f\.svg\)\)/);
  assert.match(md, /!\[Figure 1: gap L − L\\\* for T ≥ T\\\*\]\(f\.png\)/);
});

test('file-system and foreign-file errors are one line, not a stack trace', async () => {
  writeFileSync(join(dir, 'afile'), 'x');
  writeFileSync(join(dir, 'fs.yaml'), 'problem: rosenbrock\nrule: adam\nsteps: 3\n');
  await usageError(['run', 'fs.yaml', '--out', 'afile/x.json'], /cannot (mkdir|open) .*afile.*: (EEXIST|ENOTDIR)/);
  const made = await cli(['run', 'fs.yaml', '--out', 'new/dir/x.json']);
  assert.equal(made.code, 0, `run --out creates missing directories: ${made.stderr}`);
  assert.equal(JSON.parse(readFileSync(join(dir, 'new/dir/x.json'), 'utf8')).config.steps, 3, 'written');
  writeFileSync(join(dir, 'null.json'), 'null');
  writeFileSync(join(dir, 'badtraj.json'), '{"trajectory": {"dim": 2}}');
  writeFileSync(join(dir, 'badruns.json'), '{"runs": [5]}');
  await usageError(['geometry', 'null.json'], /no 'trajectory' or 'runs' field/);
  await usageError(['geometry', 'badtraj.json'], /trajectory is not a learnscope trajectory/);
  await usageError(['geometry', 'badruns.json'], /runs\[0\]\.trajectory is not a learnscope trajectory/);
});

test('unknown commands get a suggestion; help NAME shows that command\'s help', async () => {
  const r = await cli(['experimnet']);
  assert.equal(r.code, 2, 'exit code');
  assert.match(r.stderr, /^learnscope: unknown command 'experimnet' \(did you mean experiment\?\)\. Commands: doctor, experiment/);
  const h = await cli(['help', 'run']);
  assert.equal(h.code, 0, 'help run exit code');
  assert.match(h.stdout, /^usage: learnscope run /);
});

test('metric: no condition number printed for an indefinite or singular M', async () => {
  const r = await cli(['metric', '--y', '[1, 0, 0]', '--g', '[1, 1, 0]', '--kind', 'sr1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /κ\(M\) undefined \(M is not positive definite\), κ_min\(ψ\) = 5\.828427125/);
  const ok = await cli(['metric', '--y', '[1, 0]', '--g', '[1, 1]']);
  assert.match(ok.stdout, /κ\(M\) = 5\.828427125, κ_min\(ψ\) = 5\.828427125, κ\/κ_min = 1\n/);
});

test('experiment progress: a new phase or every 10 %, not every step', async () => {
  const chatty = makeExperimentCommand([{
    id: 'chatty', summary: 'many progress calls (test fixture)', config: () => ({}),
    run(_c, ctx) {
      for (let k = 1; k <= 400; k++) ctx.progress(`phase A: step ${k}/400`, 0.5 * k / 400);
      ctx.progress('phase B', 0.5);
      for (let k = 1; k <= 400; k++) ctx.progress(`phase B: step ${k}/400`, 0.5 + 0.5 * k / 400);
      return { name: 'chatty', config: {}, results: {}, checks: [], figures: [], summary: 'x' };
    },
  }]);
  const io = capture(dir);
  assert.equal(await chatty.run(['chatty', '--out', 'chatty'], io), 0, io.stderr);
  const lines = io.stderr.trimEnd().split('\n').filter((l) => l.includes('phase'));
  assert.ok(lines.length >= 12 && lines.length <= 24, `thinned progress, got ${lines.length} lines:\n${io.stderr}`);
  assert.match(io.stderr, /100% phase B: step 400\/400/, 'the last step is shown');
  assert.match(io.stderr, / 50% phase B\n/, 'a new phase is shown');
});

test('a configuration error raised while modules load is one line on stderr and exit code 2, not a stack trace', async () => {
  const { spawnSync } = await import('node:child_process');
  const bin = new URL('../../bin/learnscope.mjs', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, 'doctor'], {
    env: { ...process.env, LEARNSCOPE_PORTABLE_THREADS: '3' }, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(r.status, 2, `exit status ${r.status}; stderr: ${r.stderr}`);
  assert.equal(r.stderr.trim(), 'learnscope: LEARNSCOPE_PORTABLE_THREADS=3: expected 1 or 2', 'one line naming the variable and what is accepted');
});
