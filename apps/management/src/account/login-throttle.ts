// Slows down password guessing: after `maxFailures` failed logins in a row for one
// account name, or from one client address, further logins for it are refused for a
// while, doubling with each further failure (at most 15 minutes). A success clears the
// account's count and the address's. Counts live in this node's memory: with several
// nodes behind a balancer each node counts its own share (docs/security.md).
const MAX_LOCKOUT_MS = 15 * 60_000;
const MAX_TRACKED = 100_000;

interface Failures {
  count: number;
  lockedUntil: number;
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
    return Math.max(0, ...[this.failures.get(`a:${accountName}`), this.failures.get(`ip:${address}`)].map((f) => (f ? f.lockedUntil - t : 0)));
  }

  failed(accountName: string, address: string): void {
    if (this.failures.size >= MAX_TRACKED) this.failures.clear();
    for (const key of [`a:${accountName}`, `ip:${address}`]) {
      const f = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
      f.count++;
      const over = f.count - this.maxFailures;
      if (over >= 0) f.lockedUntil = this.now() + Math.min(this.lockoutMs * 2 ** Math.min(over, 20), MAX_LOCKOUT_MS);
      this.failures.set(key, f);
    }
  }

  succeeded(accountName: string, address: string): void {
    this.failures.delete(`a:${accountName}`);
    this.failures.delete(`ip:${address}`);
  }
}
