/**
 * `parseFlags`: node:util parseArgs with its argument errors (missing value, "-1" taken as a flag, unknown option)
 * turned into InvalidArgumentError, so the CLI reports them as usage errors (exit 2) instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidArgumentError } from '../errors.ts';

export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new InvalidArgumentError(`${(e as Error).message} (negative numbers need '=', e.g. --start=-1,2)`);
    }
    throw e;
  }
}
