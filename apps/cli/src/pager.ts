// Showing a long text a screen at a time, as ZStack's CLI does for `more N` (pydoc's
// pager): $PAGER, else `less`, with the text on its stdin; printed as is when there is no
// terminal or no pager.
import { spawnSync } from 'node:child_process';

/** The pager command as an argument array: `$PAGER` split on white space, else less. */
export function pagerCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const configured = env.PAGER?.trim().split(/\s+/).filter(Boolean);
  // -R keeps colours, -X leaves the text on the screen after q, -F exits at once when it fits.
  return configured?.length ? configured : ['less', '-R', '-X', '-F'];
}

/** Runs the pager; false when it cannot be started (the caller prints the text instead). */
export function runPager(text: string): boolean {
  const [command, ...args] = pagerCommand();
  const input = process.stdin;
  const raw = input.isTTY && input.isRaw;
  if (raw) input.setRawMode(false);
  try {
    // Blocking on purpose: while the pager owns the terminal, the shell reads nothing.
    const result = spawnSync(command, args, { input: text.endsWith('\n') ? text : `${text}\n`, stdio: ['pipe', 'inherit', 'inherit'] });
    return !result.error;
  } finally {
    if (raw) input.setRawMode(true);
  }
}
