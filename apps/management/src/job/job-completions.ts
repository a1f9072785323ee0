// What this node knows of the jobs it accepted and the jobs it finished, so that polling
// a job's location costs no SQL statement in the common case: the first poll of a job this
// node accepted waits (briefly) for the job to finish here; a job accepted here that this
// node's worker is running is waited for (longer) and answered 202 from memory while it
// runs; and the result of a job finished here is answered from memory until its expiry.
// The database stays the truth: a job run by another node, an entry evicted or a result
// past the expiry known here is read from api_job as before. A finished job's row never
// changes again but for its expiry, which only moves later, so an entry here can be late,
// never wrong.
import type { ApiJobEntity } from './api-job.entity.js';

/** What running a job reads of its row: the request and what its outcome is written with. */
export type RunnableJob = Pick<ApiJobEntity, 'uuid' | 'apiName' | 'resourceUuid' | 'accountUuid' | 'request' | 'state' | 'webhookUrl'>;

/** A finished job as polling needs it, and whether it owes a webhook. */
export type FinishedJob = Pick<
  ApiJobEntity,
  'uuid' | 'apiName' | 'accountUuid' | 'state' | 'httpStatus' | 'result' | 'expiresAt' | 'progressStep' | 'progressPercent' | 'webhookUrl'
>;

/** Finished jobs kept in memory, and jobs accepted here awaited; the oldest go first (a
 *  job another node ran and nobody polled here would otherwise stay in `running`). */
const MAX_FINISHED = 4096;
const MAX_RUNNING = 16384;
/** How long the first poll of a job accepted here waits for it to finish before asking the database. */
export const POLL_HOLD_MS = 50;
/** How long a poll of a job accepted here and running here waits for it: this node will
 *  write its result, so until then the answer is 202 without asking the database. */
export const RUNNING_HOLD_MS = 1000;

/** A job accepted here and not finished here yet. */
interface Unfinished {
  /** Its row as this node wrote it. */
  row: RunnableJob;
  /** The bus handed its command to this node's worker: it runs here, in its turn. */
  here: boolean;
  /** The first poll's hold is spent. */
  held: boolean;
  waiters: (() => void)[];
}

export class JobCompletions {
  /** Jobs accepted here and not yet finished here, with whoever waits for them. */
  private readonly running = new Map<string, Unfinished>();
  private readonly finished = new Map<string, FinishedJob>();
  /** Rows of jobs accepted here that are being written, each settling true once written
   *  (and accepted() called) or false if not. */
  private readonly writing = new Map<string, Promise<boolean>>();

  /** The job's row is being written: a command published beside its INSERT
   *  (api-dispatcher.ts) must not run before it is. A failed write settles false. */
  writes(uuid: string, written: Promise<boolean>): void {
    const settled = written.catch(() => false);
    this.writing.set(uuid, settled);
    void settled.then(() => {
      if (this.writing.get(uuid) === settled) this.writing.delete(uuid);
    });
  }

  /** For a job whose row this node is writing: whether it was written, once it is known;
   *  null for any other job. */
  rowWritten(uuid: string): Promise<boolean> | null {
    return this.writing.get(uuid) ?? null;
  }

  /** The job's row was written here (and its command is about to be published). */
  accepted(row: RunnableJob): void {
    if (this.running.size >= MAX_RUNNING) this.forget(this.running.keys().next().value!);
    this.running.set(row.uuid, { row, here: false, held: false, waiters: [] });
  }

  /** The row of a job accepted here and not finished here, as written; the row in the
   *  database may have moved on since (another node ran the job), which the run checks. */
  acceptedRow(uuid: string): RunnableJob | null {
    return this.running.get(uuid)?.row ?? null;
  }

  /** The job will not run (its command could not be published). */
  dropped(uuid: string): void {
    this.forget(uuid);
  }

  /** The bus handed the job's command to this node's worker (`true`), or the worker is done
   *  with it (`false`: it finished, found it done, will retry it, or let it go with a lost
   *  broker connection). */
  runsHere(uuid: string, here: boolean): void {
    const job = this.running.get(uuid);
    if (job) job.here = here;
  }

  /** Called once the job's result has committed. */
  completed(job: FinishedJob): void {
    if (this.finished.size >= MAX_FINISHED) this.finished.delete(this.finished.keys().next().value!);
    this.finished.set(job.uuid, job);
    this.forget(job.uuid);
  }

  /** Waits for a job accepted here to finish: the first poll up to `holdMs`, and while the
   *  job runs here up to `runningMs` (a job another node runs must not slow every poll of it). */
  async settled(uuid: string, holdMs = POLL_HOLD_MS, runningMs = RUNNING_HOLD_MS): Promise<void> {
    const job = this.running.get(uuid);
    if (!job) return;
    if (!job.held) {
      job.held = true;
      await this.waitFor(job, holdMs);
    }
    if (job.here && this.running.get(uuid) === job) await this.waitFor(job, runningMs);
  }

  /** The job's result if it finished here and has not expired by what this node knows. */
  result(uuid: string, now = Date.now()): FinishedJob | null {
    const job = this.finished.get(uuid);
    if (!job) return null;
    if (job.expiresAt && job.expiresAt.getTime() > now) return job;
    this.finished.delete(uuid); // expired here; another node may have kept it longer
    return null;
  }

  /** A job accepted here that this node runs, as polls read an unfinished job
   *  (no progress: a job run in a transaction writes none). Null for any other job. */
  runningHere(uuid: string): FinishedJob | null {
    const job = this.running.get(uuid);
    if (!job?.here) return null;
    const { apiName, accountUuid } = job.row;
    return { uuid, apiName, accountUuid, state: 'Processing', httpStatus: null, result: null, expiresAt: null, progressStep: null, progressPercent: null, webhookUrl: null };
  }

  /** A poll kept the result for longer. */
  extended(uuid: string, expiresAt: Date): void {
    const job = this.finished.get(uuid);
    if (job) job.expiresAt = expiresAt;
  }

  private waitFor(job: Unfinished, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        job.waiters = job.waiters.filter((w) => w !== wake);
        resolve();
      }, ms);
      job.waiters.push(wake);
    });
  }

  private forget(uuid: string): void {
    const job = this.running.get(uuid);
    this.running.delete(uuid);
    for (const wake of job?.waiters ?? []) wake();
  }
}
