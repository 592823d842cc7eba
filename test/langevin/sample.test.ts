// `learnscope sample`: config validation (field paths), the JSON report (summary, histograms, Boltzmann distances
// with floors, ESS, acceptance) on a Gaussian where the exact law is known, and figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sample } from '../../src/cli/commands/sample.ts';
import { validateSampleConfig } from '../../src/analysis/sampling.ts';
import { ConfigError } from '../../src/errors.ts';

function io(cwd: string) {
  const out: string[] = [], err: string[] = [];
  return { io: { out: (t: string) => { out.push(t); }, err: (t: string) => { err.push(t); }, cwd }, out, err };
}

test('sample --json: MALA on N(1, 0.5) at T = 2 gives mean 1, variance 1 and TV/KL at their floors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-sample-'));
  writeFileSync(join(dir, 'c.yaml'), 'problem: { id: gaussian, mean: [1], variance: [0.5] }\nrule: mala\nlr: 0.2\ntemperature: 2\nparticles: 20000\nsteps: 100\nseed: 3\ninitStd: 1\n');
  const h = io(dir);
  assert.equal(await sample.run(['c.yaml', '--json', '--figures', 'figs'], h.io), 0);
  const r = JSON.parse(h.out.join(''));
  assert.ok(Math.abs(r.summary.mean[0] - 1) < 4 * Math.sqrt(1 / 20000));
  assert.ok(Math.abs(r.summary.cov[0][0] - 1) < 4 * Math.sqrt(2 / 20000));
  const b = r.boltzmann;
  assert.ok(Math.abs(b.mean[0] - 1) < 1e-9 && Math.abs(b.cov[0][0] - 1) < 1e-9);
  assert.ok(Math.abs(b.Z - Math.sqrt(2 * Math.PI * 1)) < 1e-8, `Z ${b.Z}`);
  assert.ok(b.tv < 2.5 * b.tvFloor && b.kl < 3 * b.klFloor, `TV ${b.tv}/${b.tvFloor} KL ${b.kl}/${b.klFloor}`);
  assert.ok(b.ks.pValue > 1e-4);
  assert.ok(r.acceptanceRate > 0.8 && r.acceptanceRate < 1);
  assert.ok(r.ess.total > 0 && r.histograms[0].counts.length === 50);
  assert.ok(existsSync(join(dir, 'figs', 'histogram.svg')) && existsSync(join(dir, 'figs', 'energy.png')));
  assert.match(readFileSync(join(dir, 'figs', 'histogram.svg'), 'utf8'), /<svg/);
});

test('sample on a 2-D surface reports 2-D Boltzmann distances; ULA with a big step shows a gap above the floor', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-sample-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ problem: { id: 'gaussian', cov: [[1, 0.5], [0.5, 1]] }, rule: 'langevin', lr: 0.5, temperature: 1, particles: 20000, steps: 60, seed: 1, bins: 20 }));
  const h = io(dir);
  assert.equal(await sample.run(['c.json', '--json'], h.io), 0);
  const rep = JSON.parse(h.out.join('')), b = rep.boltzmann;
  assert.equal(b.probabilities.length, 400);
  assert.equal(rep.histogram2d.counts.length, 400);
  assert.ok(b.tv > 3 * b.tvFloor, `ULA h = 0.5 is visibly biased: TV ${b.tv} vs floor ${b.tvFloor}`);
});

test('sample with a user module energy (no grad: central differences) and an explicit box', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-sample-'));
  writeFileSync(join(dir, 'quartic.mjs'), 'export default { dim: 1, loss: (t) => t[0] ** 4 / 4 };\n');
  writeFileSync(join(dir, 'c.yaml'), 'problem: { module: ./quartic.mjs }\nrule: mala\nlr: 0.1\ntemperature: 1\nparticles: 4000\nsteps: 60\nseed: 2\nbox: [[-6, 6]]\nworkers: 2\n');
  const h = io(dir);
  assert.equal(await sample.run(['c.yaml', '--json'], h.io), 0);
  const r = JSON.parse(h.out.join(''));
  // E[x²] under e^{−x⁴/4} is 2Γ(3/4)/Γ(1/4) = 0.675978.
  assert.ok(Math.abs(r.boltzmann.cov[0][0] - 0.675978) < 1e-5, `${r.boltzmann.cov[0][0]}`);
  assert.ok(r.boltzmann.tv < 3 * r.boltzmann.tvFloor, `TV ${r.boltzmann.tv} floor ${r.boltzmann.tvFloor}`);
  assert.match(h.err.join(''), /central differences/);
});

test('config errors name the field and the accepted values', () => {
  assert.throws(() => validateSampleConfig({ problem: 'double-well', rule: 'hmc' }), (e: unknown) => e instanceof ConfigError && e.path === 'rule');
  assert.throws(() => validateSampleConfig({ problem: 'nope' }), (e: unknown) => e instanceof ConfigError && e.path === 'problem.id');
  assert.throws(() => validateSampleConfig({ problem: 'double-well', particle: 3 }), (e: unknown) => e instanceof ConfigError && /accepted keys/.test(e.message));
  assert.throws(() => validateSampleConfig({ problem: 'double-well', schedule: { id: 'geometric' } }), (e: unknown) => e instanceof ConfigError && e.path === 'schedule.alpha');
  assert.throws(() => validateSampleConfig({ problem: { id: 'double-well', height: -1 } }), (e: unknown) => e instanceof ConfigError && e.path === 'problem.height');
});
