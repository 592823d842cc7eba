// The README's library example is examples/library.ts verbatim; this runs it and checks what it prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

test('examples/library.ts runs and reports ψ and κ(M_opt) for three steps', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/library.ts'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^adam on rosenbrock: loss 409\.0 → /);
  const steps = lines.slice(1).map((l) => l.match(/^step (\d+): ψ = ([\d.]+)°, κ\(M_opt\) = ([\d.]+)$/));
  assert.equal(steps.length, 3, r.stdout);
  for (const m of steps) {
    assert.ok(m, `unexpected line in ${r.stdout}`);
    const psi = Number(m[2]) * Math.PI / 180, kappa = Number(m[3]);
    // κ(M_opt) = κ_min(ψ) = (1 + sin ψ)/(1 − sin ψ), to the printed precision.
    assert.ok(Math.abs(kappa - (1 + Math.sin(psi)) / (1 - Math.sin(psi))) < 2e-3 * kappa, `κ ${kappa} vs ψ ${m[2]}°`);
  }
});

test('the README shows examples/library.ts verbatim', () => {
  const readme = readFileSync('README.md', 'utf8');
  const example = readFileSync('examples/library.ts', 'utf8').trim();
  assert.ok(readme.includes(example), 'README.md must contain examples/library.ts verbatim (update the README block)');
});
