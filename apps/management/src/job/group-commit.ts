// Group commit: what arrives while the database is busy goes to it together. Items wait
// only while `slots` groups are in flight; an idle node runs each item as soon as the
// event loop's turn ends, so grouping costs no latency when there is nothing to group with,
// and under load one round trip (and one commit) serves many jobs.

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  /** `run` settles each item, in the items' order: one may fail without its group. */
  constructor(
    private readonly slots: number,
    private readonly maxGroup: number,
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
    while (this.inFlight < this.slots && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxGroup);
      this.inFlight++;
      this.run(group.map((w) => w.item))
        .then(
          (results) => group.forEach((w, i) => (results[i].status === 'fulfilled' ? w.resolve(results[i].value) : w.reject(results[i].reason))),
          (err: unknown) => group.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.startGroups();
        });
    }
  }
}
