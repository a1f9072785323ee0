// The results of the shell's commands, kept in ~/.zstack-cli/results/ (owner only) for
// `more` and `save`, as ZStack's CLI keeps its result_history: numbered from the last (1)
// back, the command stored with its secrets masked.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CliUsageError } from './command-line.js';
import { cliHome } from './session-store.js';

export const RESULTS_KEPT = 100;

export interface ResultEntry {
  id: number;
  api: string;
  /** The command line, secrets masked. */
  command: string;
  ok: boolean;
}

const dir = () => join(cliHome(), 'results');
const indexFile = () => join(dir(), 'index.json');
const resultFile = (id: number) => join(dir(), `${id}.json`);

function readIndex(): ResultEntry[] {
  try {
    return JSON.parse(readFileSync(indexFile(), 'utf8')) as ResultEntry[];
  } catch {
    return [];
  }
}

export function recordResult(entry: Omit<ResultEntry, 'id'>, text: string): void {
  mkdirSync(dir(), { recursive: true, mode: 0o700 });
  const index = readIndex();
  const id = (index.at(-1)?.id ?? 0) + 1;
  writeFileSync(resultFile(id), text, { mode: 0o600 });
  index.push({ id, ...entry });
  for (const old of index.splice(0, Math.max(0, index.length - RESULTS_KEPT))) rmSync(resultFile(old.id), { force: true });
  const tmp = `${indexFile()}.tmp`;
  writeFileSync(tmp, JSON.stringify(index), { mode: 0o600 });
  renameSync(tmp, indexFile());
}

/** `more`: the results kept, the last first. */
export function listResults(): string {
  const index = readIndex();
  if (!index.length) return 'No command results to show yet.';
  const rows = index.map((e, i) => `[${index.length - i}]\t${e.ok ? ' ' : '!'} ${e.command}`).reverse();
  return ['[NUM]\t  COMMAND', '-'.repeat(48), ...rows, '', 'more N: show result N; save N [FILE|DIR]: save it'].join('\n');
}

/** Result N (1 is the last) with its command. */
export function readResult(n: string): { entry: ResultEntry; text: string } {
  const index = readIndex();
  const at = /^[1-9]\d*$/.test(n) ? index.length - Number(n) : -1;
  if (at < 0 || at >= index.length) throw new CliUsageError(`no result ${n}: ${index.length} kept; type more to list them`);
  const entry = index[at];
  return { entry, text: readFileSync(resultFile(entry.id), 'utf8') };
}

/** `save N[,M...] [FILE|DIR]`: where each result went. */
export function saveResults(numbers: string, target: string | undefined): string[] {
  const wanted = numbers.split(',');
  const toDir = target !== undefined && existsSync(target) && statSync(target).isDirectory();
  if (wanted.length > 1 && target !== undefined && !toDir) throw new CliUsageError(`${target} must be a directory to save ${wanted.length} results`);
  const results = wanted.map((n) => ({ n, ...readResult(n) }));
  return results.map(({ n, entry, text }) => {
    const name = `${basename(entry.api)}-${n}.json`;
    const file = resolve(target === undefined ? name : toDir ? join(target, name) : target);
    try {
      writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
    } catch (err) {
      throw new CliUsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return `saved result ${n} (${entry.command}) to ${file}`;
  });
}
