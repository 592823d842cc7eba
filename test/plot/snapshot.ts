/**
 * SVG snapshot helper (Observable Plot's test/output scheme): compares a figure with the committed
 * `test/plot/__snapshots__/NAME.svg`. `UPDATE_SNAPSHOTS=1` (re)writes snapshots; on a mismatch the new output goes to
 * `out/snapshots/NAME-changed.svg` (gitignored) for review and the test fails. A missing snapshot fails too.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SNAPSHOTS = join(dirname(fileURLToPath(import.meta.url)), '__snapshots__');
const CHANGED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'snapshots');

export function assertSnapshot(name: string, svg: string): void {
  const file = join(SNAPSHOTS, `${name}.svg`);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(file, svg);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${file} is missing; run with UPDATE_SNAPSHOTS=1 to create it`);
  const expected = readFileSync(file, 'utf8');
  if (expected !== svg) {
    mkdirSync(CHANGED, { recursive: true });
    const changed = join(CHANGED, `${name}-changed.svg`);
    writeFileSync(changed, svg);
    assert.fail(`figure '${name}' differs from its snapshot ${file}; new output written to ${changed}`);
  }
}
