/**
 * The shape of a `learnscope` subcommand. Commands write data to `io.out` (stdout) and progress/logs to `io.err`
 * (stderr), so `--json` output stays machine-readable.
 */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export interface Command {
  /** The subcommand word, e.g. `doctor`. */
  name: string;
  /** One line for `learnscope --help`. */
  summary: string;
  /** Full usage text for `learnscope NAME --help`. */
  usage: string;
  /** Runs the command and returns the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

export const processIO: CliIO = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
  cwd: process.cwd(),
};
