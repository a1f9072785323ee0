// What this node knows of the jobs it accepted and the jobs it finished, so that polling
// a job's location costs no SQL statement in the common case: the first poll of a job this
// node accepted waits (briefly) for the job to finish here, and the result of a job
// finished here is answered from memory until its expiry. The database stays the truth:
// a job run by another node, an entry evicted or a result past the expiry known here is
// read from api_job as before. A finished job's row never changes again but for its
// expiry, which only moves later, so an entry here can be late, never wrong.
import type { ApiJobEntity } from './api-job.entity.js';

/** A finished job as polling needs it, and whether it owes a webhook. */
export type FinishedJob = Pick<
  ApiJobEntity,
  'uuid' | 'apiName' | 'accountUuid' | 'state' | 'httpStatus' | 'result' | 'expiresAt' | 'progressStep' | 'progressPercent' | 'webhookUrl'
>;

/** Finished jobs kept in memory, and jobs accepted here awaited; the oldest go first (a
 *  job another node ran and nobody polled here would otherwise stay in `running`). */
const MAX_FINISHED = 4096;
const MAX_RUNNING = 16384;
/** How long a poll of a job accepted here waits for it to finish before asking the database. */
export const POLL_HOLD_MS = 50;

export class JobCompletions {
  /** Jobs accepted here and not yet finished here, with whoever waits for them. */
  private readonly running = new Map<string, (() => void)[]>();
  private readonly finished = new Map<string, FinishedJob>();

  accepted(uuid: string): void {
    if (this.running.size >= MAX_RUNNING) this.wakeWaiters(this.running.keys().next().value!);
    this.running.set(uuid, []);
  }

  /** The job will not run (its command could not be published). */
  dropped(uuid: string): void {
    this.wakeWaiters(uuid);
  }

  /** Called once the job's result has committed. */
  completed(job: FinishedJob): void {
    if (this.finished.size >= MAX_FINISHED) this.finished.delete(this.finished.keys().next().value!);
    this.finished.set(job.uuid, job);
    this.wakeWaiters(job.uuid);
  }

  /** Waits up to `ms` for a job accepted here to finish. Once only per job: a job another
   *  node runs must not slow every poll of it. */
  async settled(uuid: string, ms = POLL_HOLD_MS): Promise<void> {
    const waiters = this.running.get(uuid);
    if (!waiters) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wakeWaiters(uuid), ms);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The job's result if it finished here and has not expired by what this node knows. */
  result(uuid: string, now = Date.now()): FinishedJob | null {
    const job = this.finished.get(uuid);
    if (!job) return null;
    if (job.expiresAt && job.expiresAt.getTime() > now) return job;
    this.finished.delete(uuid); // expired here; another node may have kept it longer
    return null;
  }

  /** A poll kept the result for longer. */
  extended(uuid: string, expiresAt: Date): void {
    const job = this.finished.get(uuid);
    if (job) job.expiresAt = expiresAt;
  }

  private wakeWaiters(uuid: string): void {
    const waiters = this.running.get(uuid);
    this.running.delete(uuid);
    for (const wake of waiters ?? []) wake();
  }
}
