/**
 * `npm run bench`: runs the registered workloads on the active backend and their peers (NumPy/SciPy/PyTorch via
 * /usr/bin/python3) in the same invocation, and prints a table of medians and ratios (> 1 = learnscope faster), or
 * with --json one JSON object per workload on stdout. Progress goes to stderr.
 * The kernels are imported only after --backend is handled, because the backend is chosen at import time.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchArgError, USAGE, jsonLine, makeContext, parseArgs, ratio, runPeer, table, type Row } from './harness.ts';
import type { Workload } from './workload.ts';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof BenchArgError) { process.stderr.write(`bench: ${e.message}\n${USAGE}\n`); return 2; }
    throw e;
  }
  if (args.help) { process.stdout.write(`${USAGE}\n`); return 0; }

  if (args.backend !== undefined && process.env['LEARNSCOPE_BACKEND'] !== args.backend) {
    // Re-run this script in a child with the backend forced; its stdout/stderr are ours.
    const rest = argv.filter((a, i) => a !== '--backend' && argv[i - 1] !== '--backend');
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...rest],
      { stdio: 'inherit', env: { ...process.env, LEARNSCOPE_BACKEND: args.backend } });
    return r.status ?? 1;
  }

  const { workloads } = await import('./workloads/index.ts');
  const { backendInfo, kernels } = await import('../src/kernels/index.ts');
  const info = backendInfo();
  if (!info.ok) { process.stderr.write(`bench: ${info.reason}\n`); return 1; }
  const backend = kernels().name;
  const selected = workloads.filter((w: Workload) => (args.filter === undefined || w.name.includes(args.filter)));
  if (args.list) {
    for (const w of workloads) process.stdout.write(`${w.name.padEnd(24)} ${w.summary}\n`);
    return 0;
  }
  if (selected.length === 0) { process.stderr.write(`bench: no workload matches --filter ${args.filter}\n`); return 2; }

  const ctx = makeContext(backend, args.quick);
  process.stderr.write(`bench: backend ${backend} (${info.reason})${info.threads ? `, ${info.threads} OpenBLAS threads` : ''}; ` +
    `median of ${ctx.timing.reps} after ${ctx.timing.warmup} warm-up\n`);
  const rows: { w: Workload; r: Row }[] = [];
  for (const w of selected) {
    if (w.backends && !w.backends.includes(backend)) {
      process.stderr.write(`bench: ${w.name}: skipped on the ${backend} backend (runs on ${w.backends.join(', ')})\n`);
      continue;
    }
    process.stderr.write(`bench: ${w.name}: learnscope…`);
    const learnscope = w.run(ctx);
    process.stderr.write(` ${learnscope.toPrecision(4)} ${w.unit}`);
    let peer: number | null = null;
    let peerName: string | null = null;
    if (w.peer) {
      process.stderr.write(`; ${w.peer.name}…`);
      const p = runPeer(w, ctx.timing);
      peer = p.value;
      peerName = p.name;
      process.stderr.write(p.value === null ? ` unavailable (${p.error})` : ` ${p.value.toPrecision(4)} ${w.unit}`);
    }
    process.stderr.write('\n');
    const r: Row = { workload: w.name, backend: w.pinnedBackend ?? backend, learnscope, peer, peerName, unit: w.unit, ratio: ratio(w, learnscope, peer) };
    rows.push({ w, r });
    if (args.json) process.stdout.write(`${jsonLine(r)}\n`);
  }
  if (!args.json) process.stdout.write(table(rows));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
