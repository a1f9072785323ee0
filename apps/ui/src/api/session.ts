// The session of this browser tab: the uuid the login answered, kept in sessionStorage so a
// reload stays logged in; cleared on logout or when the server says it expired (ID.1001).
const KEY = 'zstack.session';

export interface Session {
  uuid: string;
  accountName: string;
}

type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

const ENDED = 'zstack.sessionEnded';

/** Why the last session ended, when the server ended it (for the login page to say). */
export const sessionEndedByServer = () => sessionStorage.getItem(ENDED) === 'expired';

export function setSession(s: Session | null, ended: 'logout' | 'expired' = 'logout'): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  sessionStorage.setItem(ENDED, s ? '' : ended);
  for (const l of listeners) l(s);
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The sha512 hex digest of the password: what every ZStack client sends. */
export async function sha512Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-512', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
