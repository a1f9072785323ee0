// Runs what the management node asks for by argv (ZStack's agents call this a shell command;
// here it never passes through a shell). The bounds on its timeout live here.
import { DEFAULT_EXEC_TIMEOUT_MS } from '#agent-protocol';
import type { CommandResult, CommandRunner } from '../../command-runner.js';

export interface CommandDriver {
  exec(argv: readonly string[], timeoutMs?: number): Promise<CommandResult>;
}

/** A day: longer than any host task, short enough that a forgotten command ends. */
export const MAX_EXEC_TIMEOUT_MS = 24 * 60 * 60_000;

export class ProcessCommandDriver implements CommandDriver {
  constructor(private readonly runner: CommandRunner) {}

  exec(argv: readonly string[], timeoutMs = DEFAULT_EXEC_TIMEOUT_MS): Promise<CommandResult> {
    return this.runner.run(argv, { timeoutMs: Math.min(timeoutMs, MAX_EXEC_TIMEOUT_MS) });
  }
}
