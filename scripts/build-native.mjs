// Builds the optional native kernel addon (N-API over OpenBLAS + LAPACKE) with npm's bundled node-gyp.
// Never fails the install: without the system libraries the portable backend is used instead.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const log = (msg) => process.stderr.write(`learnscope native: ${msg}\n`);

if (!existsSync(join(root, 'binding.gyp'))) {
  log('no binding.gyp; skipping the native addon');
  process.exit(0);
}
const headers = ['/usr/include/cblas.h', '/usr/include/x86_64-linux-gnu/cblas.h', '/usr/include/openblas/cblas.h'];
const lapacke = ['/usr/include/lapacke.h', '/usr/include/x86_64-linux-gnu/lapacke.h'];
if (!headers.some(existsSync) || !lapacke.some(existsSync)) {
  log('OpenBLAS/LAPACKE headers not found; using the portable backend.');
  log('To enable the native backend: apt-get install libopenblas-dev liblapacke-dev && npm run build:native');
  process.exit(0);
}
function nodeGypPath() {
  const npmCli = process.env.npm_execpath;
  const candidates = [];
  if (npmCli) candidates.push(join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try { candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')); } catch { /* not installed locally */ }
  return candidates.find(existsSync);
}
const gyp = nodeGypPath();
if (!gyp) { log('node-gyp not found (it ships with npm); using the portable backend.'); process.exit(0); }
const nodedir = existsSync('/usr/include/node/node_api.h') ? ['--nodedir=/usr'] : [];
const r = spawnSync(process.execPath, [gyp, 'rebuild', ...nodedir], { cwd: root, stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8' });
if (r.status !== 0) {
  log('build failed; using the portable backend.' + (verbose ? '' : ' Run `npm run build:native` to see why.'));
  if (verbose) process.exit(1);
  process.exit(0);
}
log('built build/Release/learnscope_native.node');
