#!/usr/bin/env node
// The `learnscope` command: loads the TypeScript sources through tsx and runs the CLI.
import { register } from 'tsx/esm/api';
register();
let main;
try {
  ({ main } = await import('../src/cli/main.ts'));
} catch (err) {
  // A configuration error raised while the modules load (e.g. a bad LEARNSCOPE_BACKEND or
  // LEARNSCOPE_PORTABLE_THREADS) is a message for the user, not a crash: one line, exit code 2.
  const { LearnscopeError } = await import('../src/errors.ts');
  if (!(err instanceof LearnscopeError)) throw err;
  process.stderr.write(`learnscope: ${err.message}\n`);
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
