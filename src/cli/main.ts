/** Entry point of the `learnscope` command: dispatches to the registered subcommands. */
import { commands } from './commands/index.ts';
import { processIO, type CliIO } from './command.ts';
import { LearnscopeError } from '../errors.ts';
import { didYouMean } from './flags.ts';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'learnscope — a laboratory for learning rules',
    '',
    'usage: learnscope <command> [options]   (learnscope <command> --help or learnscope help <command> for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  // `learnscope help NAME` is `learnscope NAME --help`
  if (name === 'help' && rest.length === 1 && commands.some((c) => c.name === rest[0])) return main([rest[0]!, '--help'], io);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`learnscope: unknown command '${name}'${didYouMean(name, commands.map((c) => c.name))}. Commands: ${commands.map((c) => c.name).join(', ')} (learnscope --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof LearnscopeError || (e instanceof TypeError && (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) {
      // library errors often start with their function's name, which is the command's own name here ("run: run: …")
      const message = (e as Error).message.replace(new RegExp(`^${name}: `), '');
      io.err(`learnscope ${name}: ${message}\n`);
      return 2;
    }
    // A file-system error (missing directory, path is a file, no permission): one line naming the path, not a stack trace.
    const sys = e as { code?: unknown; syscall?: unknown; path?: unknown };
    if (e instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string' && typeof sys.path === 'string') {
      io.err(`learnscope ${name}: cannot ${sys.syscall} ${sys.path}: ${sys.code}${sys.code === 'EEXIST' ? ' (a file is in the way of the output directory)' : ''}\n`);
      return 2;
    }
    throw e;
  }
}
