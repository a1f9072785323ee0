// Helpers every storage driver's parsers share: the JSON that util-linux and LVM print, byte
// counts that arrive as strings or numbers, and running a tool whose failure is an error.
import { commandFailure, hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner, RunOptions } from '../../command-runner.js';

/** Tools parsed by the agent print untranslated labels and plain numbers under LC_ALL=C. */
export const PLAIN_LOCALE = { LC_ALL: 'C' } as const;

/** The tool's JSON; output that is not JSON is the tool's fault, named in the error. */
export function parseJsonOutput(text: string, tool: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw hostOperationFailure(`${tool} printed output that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** A byte count as lsblk (number) or LVM with `--units b --nosuffix` (string of digits) prints it. */
export function byteCount(value: unknown, field: string): number {
  const count = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(count) || count < 0) throw hostOperationFailure(`${field} is not a byte count: ${JSON.stringify(value)}`);
  return count;
}

/** A JSON field that may be null or missing: the text, or null for empty/none. */
export function optionalText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** Runs the tool and answers its stdout; a non-zero exit is a HOST.1000 error with its stderr. */
export async function runChecked(runner: CommandRunner, argv: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await runner.run(argv, { ...options, env: { ...PLAIN_LOCALE, ...options.env } });
  if (result.returnCode !== 0) throw commandFailure(result);
  return result.stdout;
}
