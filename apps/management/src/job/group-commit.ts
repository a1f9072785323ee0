// Group commit: what arrives while the database is busy goes to it together. Items wait
// only while `slots` groups are in flight; an idle node runs each item as soon as the
// event loop's turn ends, so grouping costs no latency when there is nothing to group with,
// and under load one round trip (and one commit) serves many jobs.
// A group still running after `stallMs` (a slow handler) gives its slot up, so it does not
// hold up everything behind it; at most `maxInFlight` groups run at once all the same.

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Groups in flight before arrivals wait to go together. */
  slots: number;
  /** Items in one group at most. */
  maxGroup: number;
  /** After this long a running group no longer counts against `slots`. */
  stallMs?: number;
  /** Groups in flight at most, stalled ones included. */
  maxInFlight?: number;
}

export class GroupCommit<I, R> {
  private waiting: Waiting<I, R>[] = [];
  /** Groups in flight that hold a slot. */
  private holding = 0;
  private inFlight = 0;
  private scheduled = false;

  /** `run` settles each item, in the items' order: one may fail without its group. */
  constructor(
    private readonly options: GroupCommitOptions,
    private readonly run: (items: I[]) => Promise<PromiseSettledResult<R>[]>,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // The rest of this turn's arrivals (a socket read of many messages or requests) join it.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.startGroups();
        });
      }
    });
  }

  private startGroups(): void {
    const { slots, maxGroup, stallMs, maxInFlight = Infinity } = this.options;
    while (this.holding < slots && this.inFlight < maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, maxGroup);
      this.holding++;
      this.inFlight++;
      let holds = true;
      const release = () => {
        if (!holds) return;
        holds = false;
        this.holding--;
      };
      const stalled = stallMs === undefined ? null : setTimeout(() => (release(), this.startGroups()), stallMs);
      this.run(group.map((w) => w.item))
        .then(
          (results) => group.forEach((w, i) => (results[i].status === 'fulfilled' ? w.resolve(results[i].value) : w.reject(results[i].reason))),
          (err: unknown) => group.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          if (stalled) clearTimeout(stalled);
          release();
          this.inFlight--;
          this.startGroups();
        });
    }
  }
}
