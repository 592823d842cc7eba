// Runs every test/**/*.test.ts with node:test through the tsx loader (Node 20's --test takes no globs).
// Extra arguments filter test files by substring: `npm test -- kernels`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const filters = process.argv.slice(2);
const files = walk('test').map((p) => relative('.', p)).sort()
  .filter((p) => filters.length === 0 || filters.some((f) => p.includes(f)));
if (files.length === 0) { console.error(`no test files match ${filters.join(' ')}`); process.exit(1); }
// A per-test timeout turns an async hang into a failure; the whole-run watchdog also catches a synchronous hang
// (e.g. Node parsing a TS source to build an assertion message), which no in-process timer can interrupt.
const WATCHDOG_MS = 20 * 60 * 1000;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=300000', ...files],
  { stdio: 'inherit', timeout: WATCHDOG_MS, killSignal: 'SIGKILL' });
if (r.error || r.signal) {
  console.error(`test run aborted: ${r.error?.message ?? `killed by ${r.signal}`} (watchdog ${WATCHDOG_MS / 60000} min)`);
  process.exit(1);
}
process.exit(r.status ?? 1);
