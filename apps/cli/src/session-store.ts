// The login is kept between runs in ~/.zstack-cli/session.json, readable by its owner only.
// The server stays there when the session ends (LogOut, or expiry): the next run, and the
// next login, go to the same node.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StoredSession {
  server: string;
  /** null once the session has ended. */
  sessionUuid: string | null;
  accountName: string;
}

export function cliHome(): string {
  return join(process.env.HOME || homedir(), '.zstack-cli');
}

function ensureHome(): string {
  const dir = cliHome();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export const historyFile = () => join(ensureHome(), 'history');
const sessionFile = () => join(cliHome(), 'session.json');

export function loadSession(): StoredSession | null {
  try {
    return JSON.parse(readFileSync(sessionFile(), 'utf8')) as StoredSession;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  ensureHome();
  writeFileSync(sessionFile(), JSON.stringify(session), { mode: 0o600 });
  chmodSync(sessionFile(), 0o600); // also when the file already existed with looser bits
}
