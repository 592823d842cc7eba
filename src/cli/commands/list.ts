/**
 * `learnscope list rules|problems|schedules [--json]`: what exists, with each entry's parameters and defaults,
 * derived from the registries (so it can never drift from the code).
 */
import type { Command } from '../command.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { problems } from '../../problems/index.ts';
import { describeParam } from '../../problems/params.ts';
import type { ParamSpec } from '../../problems/types.ts';
import { rules } from '../../rules/index.ts';
import { schedules } from '../../dynamics/schedules.ts';

const KINDS: Record<string, readonly { id: string; summary: string; params: ParamSpec[] }[]> = {
  rules, problems, schedules,
};

export const list: Command = {
  name: 'list',
  summary: 'list the rules, problems or schedules with their parameters and defaults',
  usage: [
    'usage: learnscope list rules|problems|schedules [--json]',
    '',
    'Lists the registered rules, problems or learning-rate schedules: each id (as used in configs and --rules),',
    'a one-line summary, and its parameters with type, range and default.',
    '  --json   print [{ id, summary, params }] on stdout (default: readable text)',
    '',
    'Examples:',
    '  learnscope list rules',
    '  learnscope list problems --json',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseFlags({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    const kind = positionals[0];
    if (positionals.length !== 1 || kind === undefined || !(kind in KINDS)) {
      throw new InvalidArgumentError(`expected what to list: ${Object.keys(KINDS).join(', ')}; got ${positionals.length ? positionals.join(' ') : 'nothing'}${positionals.length === 1 ? didYouMean(positionals[0]!, Object.keys(KINDS)) : ''}`);
    }
    const entries = KINDS[kind]!;
    if (values.json) {
      io.out(JSON.stringify(entries.map((e) => ({ id: e.id, summary: e.summary, params: e.params }))) + '\n');
      return 0;
    }
    const lines: string[] = [];
    for (const e of entries) {
      lines.push(`${e.id} — ${e.summary}`);
      for (const p of e.params) lines.push(`    ${describeParam(p)}`);
      if (kind === 'schedules' && e.id === 'warmup') lines.push('    then: a nested schedule { id, … } used after the warm-up, default constant');
    }
    io.out(lines.join('\n') + '\n');
    return 0;
  },
};
