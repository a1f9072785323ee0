// The one place the agent starts programs. Every driver shells out through a CommandRunner,
// so every command is logged with its exit code, and tests can stand in recorded output.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, join } from 'node:path';
import type { AgentLog } from './agent-log.js';
import { liveGroupMembers } from './service/processes.js';

export interface CommandResult {
  argv: string[];
  /** The exit code; 127/126 when the program is missing/not executable (as a shell says),
   *  128 + signal number when a signal ended it. */
  returnCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** False when the program could not be started at all (missing, not executable). */
  started: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Added to the agent's own environment. */
  env?: Record<string, string>;
  /** Strings the command carries that must not be seen (a CHAP secret a tool only takes in
   *  its argv): the result and the log line show `***` in their place. */
  secrets?: readonly string[];
}

export interface CommandRunner {
  /** Never rejects: a missing program or a timeout is a result, not an exception. */
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;
/** Keeps a runaway command (`cat /dev/zero`) from taking the agent's memory. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;

  add(chunk: Buffer): void {
    if (this.size >= MAX_OUTPUT_BYTES) {
      this.truncated = true;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.truncated ? `${text}\n[output truncated at ${MAX_OUTPUT_BYTES} bytes]` : text;
  }
}

export class SpawnCommandRunner implements CommandRunner {
  constructor(private readonly log: AgentLog) {}

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const startedAt = Date.now();
    const result = maskSecrets(await runProcess(argv, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, options.env ?? {}), options.secrets ?? []);
    this.log.write('command', { argv: result.argv, returnCode: result.returnCode, timedOut: result.timedOut, durationMs: Date.now() - startedAt });
    return result;
  }
}

/** The result with every secret replaced, so no error or log line built from it can leak one. */
export function maskSecrets(result: CommandResult, secrets: readonly string[]): CommandResult {
  const present = secrets.filter((s) => s.length > 0);
  if (present.length === 0) return result;
  const mask = (text: string): string => present.reduce((masked, secret) => masked.split(secret).join('***'), text);
  return { ...result, argv: result.argv.map(mask), stdout: mask(result.stdout), stderr: mask(result.stderr) };
}

function runProcess(argv: readonly string[], timeoutMs: number, env: Record<string, string>): Promise<CommandResult> {
  const notStarted = (reason: string): CommandResult => ({
    argv: [...argv],
    returnCode: 127,
    stdout: '',
    stderr: `${argv[0]}: ${reason}`,
    timedOut: false,
    started: false,
  });
  return new Promise((resolve) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      // An argument array and no shell: nothing in argv is ever read as shell syntax.
      // Its own process group, so a timeout also kills what the program started (children of
      // `sh -c` would otherwise hold the pipes open and the command would never end).
      child = spawn(argv[0], argv.slice(1), { shell: false, detached: true, stdio: 'pipe', env: { ...process.env, ...env } });
    } catch (err) {
      // Arguments Node refuses outright (a NUL byte): nothing ran.
      resolve(notStarted((err as Error).message));
      return;
    }
    child.stdin.end();
    const stdout = new OutputBuffer();
    const stderr = new OutputBuffer();
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | null = null;
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      // A killed group's members close their pipes before the kernel has finished them off:
      // answer only once none of them runs, so "timed out" means "nothing left running".
      if (timedOut) await groupGone(child.pid, 2_000);
      if (spawnError) {
        resolve({ ...notStarted(spawnError.code === 'ENOENT' ? 'command not found' : spawnError.message), returnCode: exitCodeOf(code, signal, spawnError) });
        return;
      }
      resolve({ argv: [...argv], returnCode: exitCodeOf(code, signal, null), stdout: stdout.text(), stderr: stderr.text(), timedOut, started: true });
    });
  });
}

async function groupGone(pgid: number | undefined, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (pgid !== undefined && liveGroupMembers(pgid).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone: nothing left to stop.
  }
}

export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null, spawnError: NodeJS.ErrnoException | null): number {
  if (spawnError) return spawnError.code === 'ENOENT' ? 127 : 126;
  if (code !== null) return code;
  return 128 + (signal ? constants.signals[signal] : 0);
}

/** Whether `name` is an executable in a directory of PATH, as a shell would find it. */
export function isOnPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, name), fsConstants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}
