/** `learnscope doctor`: which kernel backend is active and why (filled in by the kernels work). */
import type { Command } from '../command.ts';

export const doctor: Command = {
  name: 'doctor',
  summary: 'show the active numeric backend and why it was chosen',
  usage: 'usage: learnscope doctor [--json]',
  async run(_args, io) {
    io.out('learnscope doctor: backend selection not implemented yet\n');
    return 0;
  },
};
