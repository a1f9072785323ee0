// A real terminal for CLI tests: a detached tmux session; keys typed with send-keys and
// the screen read with capture-pane, as an operator would see it.
import { execFile, execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** The built zstack-cli (`npm test` builds it first). */
export const CLI = resolve(import.meta.dirname, '../../dist/apps/cli/src/main.js');

/** Installs tmux when this machine lacks it, so a fresh one passes. */
export function ensureTmux(): void {
  try {
    execFileSync('tmux', ['-V']);
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', 'tmux'], { stdio: 'ignore' });
  }
}

const run = promisify(execFile);

/** zstack-cli in one-shot mode with its own HOME: exit status and output. */
export async function oneShot(home: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, HOME: home, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export class Terminal {
  constructor(readonly session: string) {}

  /** Starts `command` (an argument array, no shell) in a 200x50 terminal. */
  start(command: string[]): void {
    execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', '200', '-y', '50', ...command]);
  }

  /** The screen and up to 300 lines above it. */
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.session, '-S', '-300']).toString();
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, ...keys]);
  }

  /** Clears the screen (Ctrl-L) and forgets what scrolled off, so later reads see only what follows. */
  async clear(): Promise<void> {
    this.keys('C-l');
    // Only once the screen is clear: tmux scrolls a cleared screen into its history.
    const visible = () => execFileSync('tmux', ['capture-pane', '-p', '-t', this.session]).toString().trim();
    await this.waitFor(() => !visible().includes('\n'));
    execFileSync('tmux', ['clear-history', '-t', this.session]);
  }

  /** Waits until the screen shows `what` (text, pattern, or a test of the whole screen). */
  async waitFor(what: RegExp | string | ((screen: string) => boolean), ms = 15_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const text = this.screen();
      if (typeof what === 'string' ? text.includes(what) : typeof what === 'function' ? what(text) : what.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  alive(): boolean {
    try {
      execFileSync('tmux', ['has-session', '-t', this.session], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  /** Waits for the program to end (tmux ends with it). */
  async waitForExit(ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  kill(): void {
    if (this.alive()) execFileSync('tmux', ['kill-session', '-t', this.session]);
  }
}
