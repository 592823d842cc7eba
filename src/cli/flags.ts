/**
 * `parseFlags`: node:util parseArgs with its argument errors (unknown option, missing value, "-1" taken as a flag,
 * a value given to a boolean, a stray positional) turned into one-line InvalidArgumentErrors that name the flag and
 * what is accepted, so the CLI reports them as usage errors (exit 2) instead of a stack trace.
 * `closest` suggests the nearest accepted word (Damerau–Levenshtein) for "did you mean …?" hints.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidArgumentError } from '../errors.ts';

/** Optimal-string-alignment distance (insert, delete, substitute, swap adjacent), case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase(); b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The accepted word nearest to `word` if it is close (≤ 1 edit for short words, ≤ 2 or a prefix otherwise). */
export function closest(word: string, accepted: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const c of accepted) {
    const dd = distance(word, c);
    if (dd < bestD) { best = c; bestD = dd; }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(word.length, best.length) <= 4 ? 1 : 2;
  if (bestD <= limit) return best;
  const prefix = accepted.filter((c) => word.length >= 3 && c.toLowerCase().startsWith(word.toLowerCase()));
  return prefix.length === 1 ? prefix[0] : undefined;
}

/** " (did you mean X?)" or "". */
export function didYouMean(word: string, accepted: readonly string[]): string {
  const c = closest(word, accepted);
  return c === undefined ? '' : ` (did you mean ${c}?)`;
}

function describeOptions(options: ParseArgsConfig['options']): string[] {
  return Object.entries(options ?? {}).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`);
}

export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw e;
    const message = (e as Error).message;
    const names = Object.keys(config.options ?? {});
    const accepted = describeOptions(config.options);
    const flag = /'(-{1,2}[^'\s]*)'/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const bare = flag.replace(/^-+/, '').replace(/=.*$/, '');
      const hint = didYouMean(bare, names);
      throw new InvalidArgumentError(`unknown option ${flag}${hint.replace(/mean (\S+)\?/, 'mean --$1?')}; accepted: ${accepted.length ? accepted.join(', ') : 'none'}, --help`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--([A-Za-z0-9-]+)/.exec(message)?.[1] ?? flag.replace(/^-+/, '');
      if (/does not take an argument/.test(message)) throw new InvalidArgumentError(`--${name} is a switch and takes no value (write --${name} alone)`);
      if (/ambiguous/.test(message)) throw new InvalidArgumentError(`--${name} needs a value; a value starting with '-' (a negative number) must be joined with '=', e.g. --${name}=-1`);
      throw new InvalidArgumentError(`--${name} needs a value (--${name} VALUE)`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new InvalidArgumentError(`unexpected argument '${arg}': this command takes no positional arguments; accepted: ${accepted.join(', ')}, --help`);
    }
    throw new InvalidArgumentError(message.split('\n')[0]!);
  }
}
