/**
 * `npm run bench`: runs the registered workloads on the active backend and their peers (NumPy/SciPy/PyTorch via
 * /usr/bin/python3) in the same invocation, and prints a table of medians and ratios (> 1 = learnscope faster), or
 * with --json one JSON object per workload on stdout. Progress goes to stderr.
 * The kernels are imported only after --backend is handled, because the backend is chosen at import time.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchArgError, USAGE, jsonLine, makeContext, median, parseArgs, ratio, runPeer, table, type Row } from './harness.ts';

/** After this much time on one workload no further rounds are started. */
const ROUND_BUDGET_MS = 20_000;
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
  const selected = workloads.filter((w: Workload) => args.filter === undefined || args.filter.some((f) => w.name.includes(f)));
  if (args.list) {
    for (const w of workloads) process.stdout.write(`${w.name.padEnd(24)} ${w.summary}\n`);
    return 0;
  }
  if (selected.length === 0) { process.stderr.write(`bench: no workload matches --filter ${args.filter?.join(' / ')}\n`); return 2; }

  const ctx = makeContext(backend, args.quick);
  const rounds = args.rounds ?? (args.quick ? 1 : 3);
  process.stderr.write(`bench: backend ${backend} (${info.reason})${info.threads ? `, ${info.threads} OpenBLAS threads` : ''}; ` +
    `${rounds} round(s) alternating learnscope and peer, each a median of ${ctx.timing.reps} after ${ctx.timing.warmup} warm-up\n`);
  const rows: { w: Workload; r: Row }[] = [];
  for (const w of selected) {
    if (w.backends && !w.backends.includes(backend)) {
      process.stderr.write(`bench: ${w.name}: skipped on the ${backend} backend (runs on ${w.backends.join(', ')})\n`);
      continue;
    }
    // Rounds alternate ours and the peer so that load drifting on a shared machine hits both alike.
    const ours: number[] = [];
    const theirs: number[] = [];
    let peerName: string | null = null;
    let peerError: string | undefined;
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      if (round > 0 && performance.now() - started > ROUND_BUDGET_MS) break; // slow workloads: one round is enough
      process.stderr.write(`bench: ${w.name} [${round + 1}/${rounds}]: learnscope…`);
      const v = w.run(ctx);
      ours.push(v);
      process.stderr.write(` ${v.toPrecision(4)} ${w.unit}`);
      if (w.peer && peerError === undefined) {
        process.stderr.write(`; ${w.peer.name}…`);
        const p = runPeer(w, ctx.timing);
        peerName = p.name;
        if (p.value === null) peerError = p.error;
        else theirs.push(p.value);
        process.stderr.write(p.value === null ? ` unavailable (${p.error})` : ` ${p.value.toPrecision(4)} ${w.unit}`);
      }
      process.stderr.write('\n');
    }
    const learnscope = median(ours);
    const peer = theirs.length > 0 ? median(theirs) : null;
    const r: Row = { workload: w.name, backend: w.pinnedBackend ?? backend, learnscope, peer, peerName, unit: w.unit, ratio: ratio(w, learnscope, peer) };
    rows.push({ w, r });
    if (args.json) process.stdout.write(`${jsonLine(r)}\n`);
  }
  if (!args.json) process.stdout.write(table(rows));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
