// The agent's log: one JSON line per request, per command run and per service event, in
// the file the config names. Operators read it on the host; `start` shows its tail when the
// agent does not come up.
import { appendFileSync, closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

export class AgentLog {
  private readonly secretForms: string[];

  /** @param file null to discard (unit tests). @param secrets never written, whatever a line carries. */
  constructor(
    readonly file: string | null,
    secrets: readonly string[] = [],
  ) {
    // A secret can reach a line as-is or JSON-escaped (inside argv of /exec, for instance).
    this.secretForms = secrets.filter((s) => s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  }

  write(event: string, fields: Record<string, unknown> = {}): void {
    if (this.file === null) return;
    let line = JSON.stringify({ time: new Date().toISOString(), pid: process.pid, event, ...fields });
    for (const secret of this.secretForms) line = line.split(secret).join('***');
    try {
      appendFileSync(this.file, `${line}\n`);
    } catch (err) {
      // A full disk must not take the agent down with it; stderr still reaches the supervisor.
      process.stderr.write(`zstack-agent: cannot write ${this.file}: ${(err as Error).message}\n${line}\n`);
    }
  }
}

/** The file's size now, so that `linesSince` can show only what came after. */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last `maxLines` lines written at or after byte `offset` (at most the last 64 KiB). */
export function linesSince(file: string, offset: number, maxLines: number): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(offset, size - 64 * 1024, 0);
    const buffer = Buffer.alloc(Math.max(size - from, 0));
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '').slice(-maxLines);
  } finally {
    closeSync(fd);
  }
}
