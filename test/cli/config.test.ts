import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig, parseConfigText } from '../../src/cli/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { main } from '../../src/cli/main.ts';

const base = { problem: { id: 'rosenbrock' }, rule: { id: 'adam' } };
function bad(patch: Record<string, unknown>, re: RegExp) {
  assert.throws(() => validateConfig({ ...base, ...patch }), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match((e as Error).message, re);
    return true;
  });
}

test('defaults are filled from the registries', () => {
  const c = validateConfig({ problem: 'rosenbrock', rule: 'sgd' });
  assert.deepEqual(c.problem, { id: 'rosenbrock', a: 1, b: 100 });
  assert.equal(c.rules[0]!.lr, 1e-3);
  assert.equal(c.rules[0]!.momentum, 0);
  assert.equal(c.steps, 100);
  assert.equal(c.seed, 0);
  assert.deepEqual(c.record, ['theta', 'loss', 'grad', 'update']);
  assert.equal(c.multi, false);
});

test('errors name the field path and the accepted values', () => {
  bad({ rule: { id: 'adam', betas: [0.9, 1.5] } }, /config rule\.betas\[1\]: got 1\.5; expected a finite number in \[0, 1\)/);
  bad({ rule: { id: 'adam', betas: [0.9] } }, /rule\.betas: has 1 entries; expected an array of 2/);
  bad({ rule: { id: 'adam', beta1: 0.9 } }, /rule\.beta1: unknown key \(did you mean betas\?\); accepted keys are id, lr, betas, eps/);
  bad({ rule: { id: 'adamm' } }, /rule\.id: unknown rule "adamm" \(did you mean adam\?\); accepted: gd, sgd/);
  bad({ rule: { id: 'sgd', lr: -1 } }, /rule\.lr: got -1; expected a finite number in \[0, ∞\]/);
  bad({ rule: { id: 'sgd', nesterov: true } }, /config rule\.nesterov: Nesterov momentum requires/);
  bad({ rule: undefined, rules: [{ id: 'sgd' }, { id: 'adam', lr: 'fast' }] }, /rules\[1\]\.lr: got "fast"/);
  bad({ rules: [{ id: 'sgd' }] }, /either rule or rules/);
  bad({ problem: { id: 'rosenbrock', b: 'x' } }, /problem\.b: got "x"/);
  bad({ problem: { id: 'nope' } }, /problem\.id: unknown problem "nope"; accepted: quadratic, booth, rosenbrock/);
  bad({ problem: { module: './x.mjs', dim: 2 } }, /problem\.dim: unknown key; a module problem accepts only module/);
  bad({ steps: 1.5 }, /config steps: got 1\.5; expected an integer ≥ 0/);
  bad({ seed: -1 }, /seed: got -1/);
  bad({ record: ['theta', 'hessian'] }, /record\[1\]: got "hessian"; accepted: theta, loss, grad, update, lr, batchLoss, state/);
  bad({ batchSize: 0 }, /batchSize: got 0; expected an integer ≥ 1/);
  bad({ init: [1, 'a'] }, /init\[1\]: got "a"/);
  bad({ schedule: { id: 'cosine' } }, /schedule\.tMax: is required/);
  bad({ lr: 0.1 }, /config lr: unknown key; accepted keys are problem, init, rule, rules, steps, seed, record, batchSize, schedule/);
  assert.throws(() => validateConfig({ problem: 'rosenbrock' }), /config rule: is missing/);
  assert.throws(() => parseConfigText('a: [1, 2', 'x.yaml'), /x\.yaml is not valid YAML/);
  assert.throws(() => parseConfigText('{"a": }', 'x.json'), /x\.json is not valid JSON/);
});

test('the CLI reports config errors on stderr with exit 2; problem-dependent checks (init length, batchSize)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnscope-cfg-'));
  try {
    const io = { stdout: '', stderr: '', cwd: dir, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
    const cases: [string, RegExp][] = [
      ['problem: rosenbrock\nrule: { id: adam, betas: [0.9, 1] }\n', /learnscope run: config rule\.betas\[1\]: got 1; expected/],
      ['problem: rosenbrock\nrule: gd\ninit: [1, 2, 3]\n', /config init: has 3 entries; problem rosenbrock has dimension 2/],
      ['problem: rosenbrock\nrule: gd\nbatchSize: 4\n', /config batchSize: problem rosenbrock has no examples/],
    ];
    for (const [text, re] of cases) {
      writeFileSync(join(dir, 'c.yaml'), text);
      io.stderr = '';
      assert.equal(await main(['run', 'c.yaml'], io), 2);
      assert.match(io.stderr, re);
    }
    io.stderr = '';
    assert.equal(await main(['run', 'missing.yaml'], io), 2);
    assert.match(io.stderr, /config file missing\.yaml not found/);
    io.stderr = '';
    assert.equal(await main(['run', 'c.yaml', '--format', 'xml'], io), 2);
    assert.match(io.stderr, /--format xml: unknown format; accepted: json, csv, table/);
    assert.equal(io.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the resolved config echoed in outputs is itself a valid config that resolves to the same thing', () => {
  const raw = { problem: 'logistic-regression', rules: ['sgd', { id: 'adam', lr: 0.1 }], schedule: { id: 'warmup', steps: 5, then: { id: 'cosine', tMax: 10 } }, batchSize: 8 };
  const c = validateConfig(raw);
  assert.deepEqual(c.schedule, { id: 'warmup', steps: 5, startFactor: 1 / 3, then: { id: 'cosine', tMax: 10, etaMin: 0 } });
  const { multi: _m, ...echo } = c;
  assert.deepEqual(validateConfig(echo), c);
});
