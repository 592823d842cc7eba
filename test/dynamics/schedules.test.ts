import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSchedule, schedules } from '../../src/dynamics/schedules.ts';
import { ConfigError } from '../../src/errors.ts';

// Made by scripts/golden-schedules.py from torch.optim.lr_scheduler (torch 1.13, float64).
const golden = JSON.parse(readFileSync(new URL('./golden/schedules.json', import.meta.url), 'utf8')) as {
  base: number; cases: { schedule: Record<string, unknown>; lr: number[] }[];
};

test('schedules reproduce torch.optim.lr_scheduler learning rates (golden, 40 updates each)', () => {
  assert.ok(golden.cases.length >= 7);
  for (const c of golden.cases) {
    const s = createSchedule(c.schedule);
    c.lr.forEach((want, t) => {
      const got = s(t, golden.base);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${JSON.stringify(c.schedule)} t=${t}: ${got} vs torch ${want}`);
    });
  }
});

test('closed forms: constant, exponential, cosine endpoints, inverse-time (staircase and smooth)', () => {
  assert.equal(createSchedule('constant')(123, 0.3), 0.3);
  assert.equal(createSchedule({ id: 'exponential', gamma: 0.5 })(3, 1), 0.125);
  const cos = createSchedule({ id: 'cosine', tMax: 10, etaMin: 0.01 });
  assert.equal(cos(0, 1), 1);
  assert.ok(Math.abs(cos(10, 1) - 0.01) < 1e-15);
  assert.ok(Math.abs(cos(5, 1) - 0.505) < 1e-15);
  const inv = createSchedule({ id: 'inverse-time', decayRate: 0.5, decaySteps: 10 });
  assert.equal(inv(20, 1), 0.5);
  assert.equal(inv(5, 1), 1 / 1.25);
  const stair = createSchedule({ id: 'inverse-time', decayRate: 0.5, decaySteps: 10, staircase: true });
  assert.equal(stair(19, 1), 1 / 1.5);
});

test('schedule config errors name the field and the accepted values', () => {
  const bad = (o: unknown, re: RegExp) => assert.throws(() => createSchedule(o), (e: unknown) => e instanceof ConfigError && re.test((e as Error).message));
  bad({ id: 'cosin' }, /schedule\.id.*accepted: constant, step, exponential, cosine, inverse-time, warmup/);
  bad({ id: 'step' }, /schedule\.stepSize: is required/);
  bad({ id: 'step', stepSize: 0 }, /schedule\.stepSize: got 0/);
  bad({ id: 'cosine', tMax: 5, T_max: 5 }, /schedule\.T_max: unknown key; accepted keys are id, tMax, etaMin/);
  bad({ id: 'warmup', steps: 3, then: { id: 'nope' } }, /schedule\.then\.id/);
  bad({ id: 'warmup', steps: 3, startFactor: 0 }, /schedule\.startFactor: got 0; expected a finite number in \(0, 1\]/);
  assert.deepEqual(schedules.map((s) => s.id), ['constant', 'step', 'exponential', 'cosine', 'inverse-time', 'warmup']);
});
