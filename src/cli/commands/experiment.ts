/**
 * `learnscope experiment NAME [--out DIR] [--quick] [--seed S] [--json]`: runs a registered experiment, writes its
 * report (report.json, report.md, figures as SVG + PNG) and exits 0 when every check passes, 1 otherwise.
 * `--list` lists the registry. Progress goes to stderr; with --json, stdout carries only report.json.
 */
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import type { Experiment } from '../../experiments/types.ts';
import { experiments } from '../../experiments/index.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { stringifyReport, writeReport } from '../report-writer.ts';

function usageFor(registry: Experiment[]): string {
  return `usage: learnscope experiment NAME [--out DIR] [--quick] [--seed S] [--json]
       learnscope experiment --list [--json]

Runs the named experiment and writes DIR/report.json ({ name, config, results, checks, figures }), DIR/report.md
and its figures (NAME.svg and NAME.png).
  NAME        ${registry.length ? registry.map((e) => e.id).join(', ') : '(none registered)'}
  --out DIR   output directory (default out/NAME, relative to the current directory)
  --quick     the CI-sized version of the same experiment, seconds (default: full size, up to a few minutes)
  --seed S    integer seed ≥ 0 (default 0)
  --json      also print report.json to stdout (progress goes to stderr; files are still written)
  --list      list the registered experiments with one line each (with --json: [{ id, summary }])
Exit code: 0 if every check passes, 1 if any fails, 2 on bad arguments.

Examples:
  learnscope experiment --list
  learnscope experiment ${registry[0]?.id ?? 'NAME'} --quick --out out/quick
  learnscope experiment ${registry[0]?.id ?? 'NAME'} --seed 3 --json > report.json`;
}

export function makeExperimentCommand(registry: Experiment[]): Command {
  return {
    name: 'experiment',
    summary: 'run a named, reproducible experiment and write its report and figures',
    usage: usageFor(registry),
    async run(args, io) {
      const { values, positionals } = parseFlags({
        args, allowPositionals: true, strict: true,
        options: { out: { type: 'string' }, quick: { type: 'boolean' }, seed: { type: 'string' }, json: { type: 'boolean' }, list: { type: 'boolean' } },
      });
      if (values.list) {
        if (positionals.length || values.out !== undefined || values.quick || values.seed !== undefined) {
          throw new InvalidArgumentError('--list takes no NAME, --out, --quick or --seed (only --json); run an experiment with learnscope experiment NAME');
        }
        if (values.json) io.out(JSON.stringify(registry.map((e) => ({ id: e.id, summary: e.summary }))) + '\n');
        else if (registry.length === 0) io.out('no experiments registered yet\n');
        else {
          const w = Math.max(...registry.map((e) => e.id.length));
          io.out(registry.map((e) => `${e.id.padEnd(w)}  ${e.summary}`).join('\n') + '\n');
        }
        return 0;
      }
      const ids = registry.map((e) => e.id).join(', ') || '(none registered)';
      if (positionals.length !== 1) throw new InvalidArgumentError(`expected exactly one experiment NAME, got ${positionals.length}; available: ${ids}`);
      const name = positionals[0]!;
      const exp = registry.find((e) => e.id === name);
      if (!exp) throw new InvalidArgumentError(`unknown experiment '${name}'${didYouMean(name, registry.map((e) => e.id))}; available: ${ids}`);
      const seed = values.seed === undefined ? 0 : values.seed.trim() === '' ? NaN : Number(values.seed); // Number('') is 0
      if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError(`--seed ${values.seed}: must be an integer ≥ 0`);
      const quick = values.quick ?? false;
      const out = resolve(io.cwd, values.out ?? `out/${name}`);

      const config = exp.config({ quick, seed });
      io.err(`experiment ${name}${quick ? ' (quick)' : ''}, seed ${seed}\n`);
      // Step-by-step progress ("step 40/4000", …) is thinned to a new phase or every 10 %, so stderr stays readable.
      let lastKey = '', lastFraction = -1;
      const report = await exp.run(config, {
        progress(message, fraction) {
          const key = message.replace(/\d+/g, '#');
          if (key === lastKey && fraction !== undefined && fraction < 1 && fraction - lastFraction < 0.1) return;
          lastKey = key;
          if (fraction !== undefined) lastFraction = fraction;
          io.err(`  ${fraction === undefined ? '' : `${(100 * fraction).toFixed(0).padStart(3)}% `}${message}\n`);
        },
      });
      writeReport(out, report, { description: exp.summary, command: `learnscope experiment ${name}${quick ? ' --quick' : ''} --seed ${seed}` });
      const failed = report.checks.filter((c) => !c.pass);
      if (values.json) io.out(stringifyReport(report));
      else io.out(`${name}: ${report.checks.length - failed.length}/${report.checks.length} checks pass; report in ${out}/report.md\n`);
      for (const c of failed) {
        io.err(`FAIL ${c.name}: expected ${c.expected}, measured ${c.measured}${c.tolerance === null ? '' : ` (tolerance ${c.tolerance})`}\n`);
      }
      return failed.length ? 1 : 0;
    },
  };
}

export const experiment = makeExperimentCommand(experiments);
