// Live processes and process groups of this host, for the service subcommands. Read from
// /proc: kill(pid, 0) alone is not enough, since an orphan whose init does not reap it
// (containers, test machines) stays a zombie that kill(pid, 0) still finds, though nothing runs.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessStat {
  pid: number;
  state: string;
  ppid: number;
  pgid: number;
}

/** /proc/<pid>/stat: "pid (comm) state ppid pgrp ...". comm may hold spaces and parentheses,
 *  so the fields are read after its last ')'. */
export function parseProcStat(text: string): ProcessStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const [state, ppid, pgid] = text.slice(close + 1).trim().split(/\s+/);
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isInteger(pid) || state === undefined) return null;
  return { pid, state, ppid: Number(ppid), pgid: Number(pgid) };
}

function statOf(pid: number): ProcessStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

const procReadable = (): boolean => statOf(process.pid) !== null;

/** Alive and not a zombie. */
export function isLive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = statOf(pid);
  return stat === null ? !procReadable() : stat.state !== 'Z';
}

/** The live members of a process group. */
export function liveGroupMembers(pgid: number): number[] {
  if (!procReadable()) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => statOf(Number(name)))
    .filter((stat): stat is ProcessStat => stat !== null && stat.pgid === pgid && stat.state !== 'Z')
    .map((stat) => stat.pid);
}

/** The process's argv, or null when it is gone or /proc cannot tell. */
export function commandLineOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}
