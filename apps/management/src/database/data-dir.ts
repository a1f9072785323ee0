// The embedded database's folder. PGlite is one process's database: two nodes on one folder
// would each keep their own copy in memory and overwrite each other's files, so the first
// node takes a lock file there and a second one refuses to start.
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { StartupError } from '../config/startup-error.js';

export const LOCK_FILE = 'zstack-node.lock';

interface LockHolder {
  pid: number;
  hostname: string;
  since: string;
}

export interface DataDir {
  /** Where PGlite keeps its files. */
  pgdata: string;
  /** Gives the folder up (at shutdown); safe to call twice. */
  release(): void;
}

/** Creates the folder if needed, checks it can be written, and locks it for this process. */
export function openDataDir(dataDir: string): DataDir {
  const dir = resolve(dataDir);
  const pgdata = join(dir, 'pgdata');
  try {
    mkdirSync(pgdata, { recursive: true });
    accessSync(pgdata, constants.W_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new StartupError(`ZSTACK_DATA_DIR: cannot write ${e.path ?? pgdata} (${e.code ?? e.message}); point ZSTACK_DATA_DIR at a folder this user can write, or fix its permissions`);
  }
  const lock = join(dir, LOCK_FILE);
  takeLock(lock, dir);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (holderOf(lock)?.pid === process.pid) unlinkSync(lock);
  };
  process.once('exit', release);
  return { pgdata, release };
}

function takeLock(lock: string, dir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      const holder: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
      writeSync(fd, `${JSON.stringify(holder)}\n`);
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new StartupError(`ZSTACK_DATA_DIR: cannot create the lock file ${lock} (${(err as NodeJS.ErrnoException).code})`);
    }
    const holder = holderOf(lock);
    if (holder && holderIsRunning(holder)) {
      throw new StartupError(
        `ZSTACK_DATA_DIR ${dir} is in use by another management node (pid ${holder.pid} on ${holder.hostname}, since ${holder.since}); ` +
          `stop that node first, or give this one its own ZSTACK_DATA_DIR (several nodes share PostgreSQL through DATABASE_URL, docs/multi-node.md)` +
          (holder.hostname === hostname() ? '' : `; if that node is gone for good, remove ${lock}`),
      );
    }
    // Left by a node that died without stopping (or by this very pid in an earlier life,
    // as in a container where the node is always pid 1): take it over.
    unlinkSync(lock);
  }
  throw new StartupError(`ZSTACK_DATA_DIR ${dir}: another node took the lock ${lock} at the same moment; start one node at a time`);
}

function holderOf(lock: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(lock, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null; // half-written or unreadable: treated as stale
  }
}

/** On another machine (a shared folder) nothing can be checked: the lock holds. */
function holderIsRunning(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (this machine's init may not reap) is not a running node.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${holder.pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
