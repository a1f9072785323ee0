// Slows down password guessing: after `maxFailures` failed logins in a row for one
// account name (or four times as many from one client address, which several users may
// share behind a NAT), further logins for it are refused for a while, doubling with each
// further failure (at most 15 minutes). A success clears the account's count; an
// address's count is forgotten after 15 minutes without failures. Counts live in this
// node's memory: behind a balancer each node counts its own share (docs/security.md).
const MAX_LOCKOUT_MS = 15 * 60_000;
const FORGET_AFTER_MS = 15 * 60_000;
const MAX_TRACKED = 100_000;
export const ADDRESS_FACTOR = 4;

interface Failures {
  count: number;
  lockedUntil: number;
  last: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long (ms) logins for this account or from this address stay refused; 0: go ahead. */
  refusedFor(accountName: string, address: string): number {
    const t = this.now();
    return Math.max(0, ...[this.current(`a:${accountName}`), this.current(`ip:${address}`)].map((f) => (f ? f.lockedUntil - t : 0)));
  }

  failed(accountName: string, address: string): void {
    if (this.failures.size >= MAX_TRACKED) this.failures.clear();
    this.count(`a:${accountName}`, this.maxFailures);
    this.count(`ip:${address}`, this.maxFailures * ADDRESS_FACTOR);
  }

  succeeded(accountName: string): void {
    this.failures.delete(`a:${accountName}`);
  }

  private current(key: string): Failures | undefined {
    const f = this.failures.get(key);
    if (f && f.lockedUntil <= this.now() && this.now() - f.last > FORGET_AFTER_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return f;
  }

  private count(key: string, limit: number): void {
    const f = this.current(key) ?? { count: 0, lockedUntil: 0, last: 0 };
    f.count++;
    f.last = this.now();
    const over = f.count - limit;
    if (over >= 0) f.lockedUntil = f.last + Math.min(this.lockoutMs * 2 ** Math.min(over, 20), MAX_LOCKOUT_MS);
    this.failures.set(key, f);
  }
}
