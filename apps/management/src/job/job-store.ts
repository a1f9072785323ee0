// The job store: every asynchronous API call is a row here from the moment it is
// accepted until its result expires. The result, the completion order and the webhook
// owed for it are written in one transaction.
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ErrorCodes, isSecretField, type ZStackError, zstackError } from '#contract';
import pg from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { batchingConnection } from '../database/statement-batch.js';
import { sealRequestSecrets } from '../secrets/request-secrets.js';
import { ApiJobEntity } from './api-job.entity.js';
import { GroupCommit } from './group-commit.js';
import { type FinishedJob, JobCompletions, type RunnableJob } from './job-completions.js';

export interface NewJob {
  uuid: string;
  apiName: string;
  resourceUuid: string | null;
  accountUuid: string;
  request: object;
  webhookUrl: string | null;
}

export interface JobOutcome {
  /** 200 with the reply body, or 503 with `{ error }`. */
  httpStatus: 200 | 503;
  body: Record<string, unknown>;
}

/** A job's work inside its transaction: the outcome to write with the COMMIT. */
export type JobWork = (tx: EntityManager, job: RunnableJob) => Promise<JobOutcome>;

export type PollAnswer =
  | { status: 202; progress: { step: string | null; percent: number | null } | null }
  | { status: 200 | 503; body: unknown }
  | { status: 404 };

export type { RunnableJob } from './job-completions.js';

const UNIQUE_VIOLATION = '23505';
/** How long a command published beside its row's INSERT waits for the row on another node
 *  (rowReady). Generous: an accepted row commits within milliseconds unless the database
 *  is in trouble, and a row later still is re-published by job-maintenance. */
const ROW_PATIENCE_MS = 10_000;
const JOB_UUID = /^[0-9a-f]{32}$/;

type QueryResults = { rows: unknown[] } | { rows: unknown[] }[];

/** The driver's own connection under a connected query runner (pg's client, or the PGlite driver's). */
function driverConnectionOf(runner: QueryRunner): { query(text: string, params?: unknown[]): Promise<QueryResults>; queryAll?(text: string): Promise<unknown[]> } {
  return (runner as unknown as { databaseConnection: ReturnType<typeof driverConnectionOf> }).databaseConnection;
}

/** Has the runner's statements of one turn go as one message (statement-batch.ts) until
 *  the function it answers is called (before the runner is released: releasing uses the
 *  driver's connection itself). */
function batchStatements(runner: QueryRunner): () => void {
  const connection = driverConnectionOf(runner);
  Object.assign(runner, { databaseConnection: batchingConnection(connection) });
  return () => Object.assign(runner, { databaseConnection: connection });
}

/** The rows of the last statement of several: pg answers each statement's result, the
 *  PGlite driver the last one. */
function lastRows<T>(results: { rows: unknown[] } | { rows: unknown[] }[]): T[] {
  return (Array.isArray(results) ? results[results.length - 1] : results).rows as T[];
}

/** The jobs of a group in its order, taken out of `byUuid` as they are found, so a uuid
 *  twice in one group runs once; null for a uuid without a runnable row. */
function inGroupOrder(uuids: string[], byUuid: Map<string, RunnableJob>): (RunnableJob | null)[] {
  return uuids.map((uuid) => {
    const job = byUuid.get(uuid) ?? null;
    byUuid.delete(uuid);
    return job;
  });
}

/** Each job's outcome from its work's settled result; the first failure is thrown. */
function outcomesOf(jobs: RunnableJob[], settled: PromiseSettledResult<JobOutcome>[]): Map<RunnableJob, JobOutcome> {
  const outcomes = new Map<RunnableJob, JobOutcome>();
  settled.forEach((s, i) => {
    if (s.status === 'rejected') throw s.reason;
    outcomes.set(jobs[i], s.value);
  });
  return outcomes;
}

/** An accepted job with its request as the row keeps it (secrets sealed, as JSON). */
interface Accepted {
  job: NewJob;
  request: string;
}

const accepted = (job: NewJob): Accepted => ({ job, request: JSON.stringify(sealRequestSecrets(job.request)) });

/** The columns and VALUES of accepted jobs' rows. Values as literals: a statement without
 *  parameters is one message to PostgreSQL (simple query protocol) and one call into
 *  PGlite, instead of five and six. */
function jobRows(rows: Accepted[]): string {
  const values = rows.map(({ job, request }) => {
    return `(${literal(job.uuid)}, ${literal(job.apiName)}, ${literal(job.resourceUuid)}, ${literal(job.accountUuid)}, ${literal(request)}, ${literal(job.webhookUrl)}, 'Processing', now())`;
  });
  return `("uuid", "apiName", "resourceUuid", "accountUuid", "request", "webhookUrl", "state", "createDate") VALUES ${values.join(', ')}`;
}

const jobUuidUsed = (uuid: string) => ApiError.invalidArgument(`X-Job-UUID ${uuid} is already used by another job`);

/** A string as an SQL literal, by pg's own escapeLiteral: right whatever
 *  standard_conforming_strings says (a backslash makes it an E'' string). */
const literal = (text: string | null): string => (text === null ? 'NULL' : pg.escapeLiteral(text));

// The job store is on the path of every call: it speaks SQL directly (database/sql.ts)
// rather than through the ORM's query builder, which cost a third of the node's CPU on this path.

@Injectable()
export class JobStore {
  /** Jobs accepted and finished on this node, so polls need no SQL (job-completions.ts). */
  readonly completions = new JobCompletions();
  /** Accepted jobs waiting for their row, one INSERT in flight at a time. */
  private readonly accepting = new GroupCommit<Accepted, boolean>({ slots: 1, maxGroup: 64, stallMs: 50, maxInFlight: 8 }, (jobs) => this.insertAll(jobs));

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {}

  /** Records an accepted call; a reused X-Job-UUID is 400, as REST.md decides. Calls
   *  accepted while another INSERT is in flight are written together (group-commit.ts).
   *  Outside a transaction, the row written is kept in `completions` until the job ends
   *  here, so that running it here need not wait to read it (completeAll). */
  async create(job: NewJob, tx?: EntityManager): Promise<void> {
    const row = accepted(job);
    if (!tx) {
      const { uuid, apiName, resourceUuid, accountUuid, webhookUrl } = job;
      const written = this.accepting.submit(row).then((ok) => {
        if (ok) this.completions.accepted({ uuid, apiName, resourceUuid, accountUuid, webhookUrl, request: JSON.parse(row.request) as object, state: 'Processing' });
        return ok;
      });
      this.completions.writes(uuid, written);
      if (!(await written)) throw jobUuidUsed(uuid);
      return;
    }
    try {
      await tx.query(`INSERT INTO "api_job" ${jobRows([row])}`);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION || /duplicate key/.test(String(err))) throw jobUuidUsed(job.uuid);
      throw err;
    }
  }

  /** Writes accepted jobs in one statement; each answers whether its row was written
   *  (false: its uuid is another job's, or an earlier one's of the same group). */
  private async insertAll(rows: Accepted[]): Promise<PromiseSettledResult<boolean>[]> {
    const first = new Map<string, Accepted>();
    for (const row of rows) if (!first.has(row.job.uuid)) first.set(row.job.uuid, row);
    try {
      const written = new Set(
        rowsOf<{ uuid: string }>(await this.db.query(`INSERT INTO "api_job" ${jobRows([...first.values()])} ON CONFLICT ("uuid") DO NOTHING RETURNING "uuid"`)).map((r) => r.uuid),
      );
      return rows.map((row) => ({ status: 'fulfilled', value: first.get(row.job.uuid) === row && written.has(row.job.uuid) }));
    } catch (reason) {
      // One bad row must not refuse its neighbours' calls: each is tried on its own.
      if (rows.length > 1) return Promise.all(rows.map(async (row) => (await this.insertAll([row]))[0]));
      return [{ status: 'rejected', reason }];
    }
  }

  /** Records a call that ends as soon as it is accepted (its parameters were invalid):
   *  the job, its result and the webhook owed, in one transaction. */
  async createFinished(job: NewJob, outcome: JobOutcome, nodeId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.create(job, tx);
      const row = (await this.lockUnfinished(tx, job.uuid))!;
      await this.finish(tx, row, outcome, nodeId);
    });
  }

  /** Takes back a job whose command could not be published: nothing was done for it. */
  async discard(uuid: string): Promise<void> {
    await this.db.query(`DELETE FROM "api_job" WHERE "uuid" = $1 AND "state" = 'Processing'`, [uuid]);
  }

  /** Whether the row of a job whose command was published beside its INSERT
   *  (api-dispatcher.ts) is there to run: this node's own INSERT is awaited; a row another
   *  node writes is looked for, for up to `patienceMs`. False: the call was refused, or its
   *  node stopped before answering it (a row that comes even later is re-published by
   *  job-maintenance). */
  async rowReady(uuid: string, patienceMs = ROW_PATIENCE_MS): Promise<boolean> {
    const writing = this.completions.rowWritten(uuid);
    if (writing) return writing;
    if (this.completions.acceptedRow(uuid)) return true;
    const giveUp = Date.now() + patienceMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 1000)) {
      if (rowsOf(await this.db.query(`SELECT 1 FROM "api_job" WHERE "uuid" = $1`, [uuid])).length) return true;
      if (Date.now() >= giveUp) return false;
      await sleep(Math.min(wait, giveUp - Date.now()));
    }
  }

  async find(uuid: string, tx: EntityManager = this.db.manager): Promise<ApiJobEntity | null> {
    return rowsOf<ApiJobEntity>(await tx.query(`SELECT * FROM "api_job" WHERE "uuid" = $1`, [uuid]))[0] ?? null;
  }

  /** Runs `work` in a transaction that holds the job's row locked, then writes the outcome
   *  it returns (and the webhook owed) and commits; answers the job as polls will read it,
   *  for `completions`. Null: the job is done already, or gone, and `work` did not run. */
  async complete(uuid: string, nodeId: string, work: JobWork, independent?: (job: RunnableJob) => boolean): Promise<FinishedJob | null> {
    return (await this.completeAll([uuid], nodeId, work, independent))[0];
  }

  /** complete() for several jobs in one transaction (group commit): their rows locked with
   *  its start, every outcome written with its COMMIT. Jobs `independent` says so of run
   *  side by side, their statements of one turn sent as one message (statement-batch.ts);
   *  the others after them, one after another, each seeing what the ones before wrote, as
   *  if each had committed before the next began. A job done already or gone answers null
   *  and gets no work. If a work throws, nothing of the group commits and the error is
   *  thrown.
   *  Besides the works' own statements this is two round trips however many jobs: the
   *  locks are taken with the transaction's start and the outcomes written with its COMMIT.
   *  Both are statements without parameters (uuids are 32 hex digits, the outcomes' values
   *  are literals), which the simple query protocol takes several at a time. When every job
   *  was accepted here and is independent, the start and the locks go in the same message
   *  as the works' first statements, and the group costs one round trip less. */
  async completeAll(uuids: string[], nodeId: string, work: JobWork, independent: (job: RunnableJob) => boolean = () => false): Promise<(FinishedJob | null)[]> {
    const valid = uuids.filter((uuid) => JOB_UUID.test(uuid));
    if (valid.length === 0) return uuids.map(() => null);
    const rows = valid.map((uuid) => this.completions.acceptedRow(uuid));
    if (rows.every((row): row is RunnableJob => row !== null && independent(row))) {
      const finished = await this.inTransaction((runner) => this.runLockingEarly(runner, uuids, rows, nodeId, work));
      if (finished) return finished;
      // A job was done or gone already (a redelivery): run as below, which finds out first.
    }
    return (await this.inTransaction((runner) => this.runLocked(runner, uuids, valid, nodeId, work, independent))) ?? uuids.map(() => null);
  }

  /** Runs `body` on a connection of its own, in a transaction `body` starts and commits; a
   *  null or a throw rolls it back. */
  private async inTransaction<T>(body: (runner: QueryRunner) => Promise<T | null>): Promise<T | null> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.connect();
      // What TypeORM's startTransaction() records, so the works' statements see a transaction.
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      const result = await body(runner);
      if (result === null) await runner.rollbackTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** The rows of the jobs, locked (in uuid order, so two groups never wait on each other's
   *  job rows crosswise), with the transaction's start. Only the columns named: every other
   *  one would be parsed for nothing. */
  private lockStatements(uuids: string[], columns: string): string[] {
    return ['START TRANSACTION', `SELECT ${columns} FROM "api_job" WHERE "uuid" IN (${uuids.map((u) => `'${u}'`).join(', ')}) ORDER BY "uuid" FOR UPDATE`];
  }

  /** The group's transaction when the rows are read first: see completeAll. */
  private async runLocked(runner: QueryRunner, uuids: string[], valid: string[], nodeId: string, work: JobWork, independent: (job: RunnableJob) => boolean): Promise<(FinishedJob | null)[] | null> {
    const connection = driverConnectionOf(runner);
    const rows = lastRows<RunnableJob>(await connection.query(this.lockStatements(valid, '"uuid", "apiName", "resourceUuid", "accountUuid", "request", "state", "webhookUrl"').join('; ')));
    const runnable = new Map(rows.filter((job) => job.state === 'Processing').map((job) => [job.uuid, job]));
    if (runnable.size === 0) return null;
    const jobs = inGroupOrder(uuids, runnable);
    const together = jobs.filter((job): job is RunnableJob => job !== null && independent(job));
    const outcomes = together.length > 1 ? outcomesOf(together, (await this.sideBySide(runner, together, work))[1]) : new Map<RunnableJob, JobOutcome>();
    for (const job of jobs) if (job && !outcomes.has(job)) outcomes.set(job, await work(runner.manager, job));
    return this.commitOutcomes(runner, jobs, outcomes, nodeId);
  }

  /** The group's transaction when every job was accepted here and is independent: its
   *  start and locks are batched with the works' first statements, and the rows are known
   *  already. Null when the lock shows a job done or gone (the works ran for nothing, and
   *  may have failed for that very reason; the caller rolls them back). */
  private async runLockingEarly(runner: QueryRunner, uuids: string[], rows: RunnableJob[], nodeId: string, work: JobWork): Promise<(FinishedJob | null)[] | null> {
    const jobs = inGroupOrder(uuids, new Map(rows.map((row) => [row.uuid, row])));
    const distinct = jobs.filter((job): job is RunnableJob => job !== null);
    const lock = this.lockStatements(distinct.map((job) => job.uuid), '"uuid", "state"');
    const [locked, settled] = await this.sideBySide(runner, distinct, work, (batched) => Promise.all(lock.map((statement) => batched.query(statement))));
    if (locked.status === 'rejected') throw locked.reason;
    const lockedRows = lastRows<Pick<RunnableJob, 'uuid' | 'state'>>(locked.value as { rows: unknown[] }[]);
    if (lockedRows.length !== distinct.length || lockedRows.some((row) => row.state !== 'Processing')) return null;
    return this.commitOutcomes(runner, jobs, outcomesOf(distinct, settled), nodeId);
  }

  /** The works of `jobs` side by side, their statements of one turn sent as one message
   *  (statement-batch.ts), with what `first` sends ahead of them in it; every result
   *  settled, for the caller to judge in its own order. */
  private async sideBySide<T>(
    runner: QueryRunner,
    jobs: RunnableJob[],
    work: JobWork,
    first: (batched: ReturnType<typeof driverConnectionOf>) => Promise<T> = async () => undefined as T,
  ): Promise<[PromiseSettledResult<T>, PromiseSettledResult<JobOutcome>[]]> {
    const unbatch = batchStatements(runner);
    const [sent, ...settled] = await Promise.allSettled([first(driverConnectionOf(runner)), ...jobs.map((job) => work(runner.manager, job))]);
    unbatch();
    return [sent as PromiseSettledResult<T>, settled as PromiseSettledResult<JobOutcome>[]];
  }

  /** Writes the outcomes (and webhooks owed) with the COMMIT. */
  private async commitOutcomes(runner: QueryRunner, jobs: (RunnableJob | null)[], outcomes: Map<RunnableJob, JobOutcome>, nodeId: string): Promise<(FinishedJob | null)[]> {
    const statements: string[] = [];
    const finished = jobs.map((job) => {
      const outcome = job && outcomes.get(job);
      if (!job || !outcome) return null;
      const written = this.finishing(job, outcome, nodeId);
      statements.push(written.statements);
      return written.finished;
    });
    await driverConnectionOf(runner).query(`${statements.join('; ')}; COMMIT`);
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
    return finished;
  }

  /** Locks the job row for the rest of `tx`. Two deliveries of one command (a node lost
   *  its broker connection mid-run) queue here; the second finds the job done. */
  async lockUnfinished(tx: EntityManager, uuid: string): Promise<ApiJobEntity | null> {
    const job = rowsOf<ApiJobEntity>(await tx.query(`SELECT * FROM "api_job" WHERE "uuid" = $1 FOR UPDATE`, [uuid]))[0];
    return job && job.state === 'Processing' ? job : null;
  }

  /** Writes the outcome (and the webhook owed) in `tx`; returns the job as polls will read
   *  it, for `completions` once `tx` has committed. */
  async finish(tx: EntityManager, job: RunnableJob, outcome: JobOutcome, nodeId: string): Promise<FinishedJob> {
    const { statements, finished } = this.finishing(job, outcome, nodeId);
    await tx.query(statements);
    return finished;
  }

  /** The statements that write a job's outcome and the webhook owed, values as literals. */
  private finishing(job: RunnableJob, outcome: JobOutcome, nodeId: string): { statements: string; finished: FinishedJob } {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.jobResultTtlSeconds * 1000);
    const state = outcome.httpStatus === 200 ? 'Succeeded' : 'Failed';
    const result = JSON.stringify(outcome.body);
    // A finished job keeps no secret it was given (AddKVMHost's SSH password): "request"
    // is written again, masked, when it holds one.
    const masked = withoutSecrets(job.request);
    const statements = [
      `UPDATE "api_job" SET "state" = '${state}', "httpStatus" = ${outcome.httpStatus}, "result" = ${literal(result)},
              "finishedDate" = '${now.toISOString()}', "expiresAt" = '${expiresAt.toISOString()}',
              "completionSeq" = nextval('api_job_completion_seq'), "finishedBy" = ${literal(nodeId)},
              "progressPercent" = ${outcome.httpStatus === 200 ? '100' : '"progressPercent"'}
              ${masked === job.request ? '' : `, "request" = ${literal(JSON.stringify(masked))}`}
        WHERE "uuid" = ${literal(job.uuid)}`,
    ];
    if (job.webhookUrl) {
      statements.push(
        `INSERT INTO "webhook_delivery" ("jobUuid", "url", "body", "success", "attempts", "nextAttemptAt", "createDate")
         VALUES (${literal(job.uuid)}, ${literal(job.webhookUrl)}, ${literal(result)}, ${outcome.httpStatus === 200 ? 'TRUE' : 'FALSE'}, 0, '${now.toISOString()}', '${now.toISOString()}')`,
      );
    }
    const { uuid, apiName, accountUuid, webhookUrl } = job;
    const finished: FinishedJob = { uuid, apiName, accountUuid, state, httpStatus: outcome.httpStatus, result: outcome.body, expiresAt, progressStep: null, progressPercent: null, webhookUrl };
    return { statements: statements.join('; '), finished };
  }

  async progress(uuid: string, step: string, percent: number): Promise<void> {
    const clamped = Math.max(0, Math.min(100, Math.round(percent)));
    await this.db.query(`UPDATE "api_job" SET "progressStep" = $2, "progressPercent" = $3 WHERE "uuid" = $1 AND "state" = 'Processing'`, [uuid, step.slice(0, 255), clamped]);
  }

  /** What polling the job's location answers; reading a result keeps it for another TTL. */
  async poll(uuid: string): Promise<PollAnswer> {
    return this.answerFor(await this.find(uuid));
  }

  /** What polling answers for a job already read (null: none). */
  async answerFor(job: FinishedJob | null): Promise<PollAnswer> {
    if (!job) return { status: 404 };
    const { uuid } = job;
    if (job.state === 'Processing') {
      const hasProgress = job.progressStep !== null || job.progressPercent !== null;
      return { status: 202, progress: hasProgress ? { step: job.progressStep, percent: job.progressPercent } : null };
    }
    const now = Date.now();
    if (job.expiresAt && job.expiresAt.getTime() <= now) return { status: 404 };
    const renewed = now + this.config.jobResultTtlSeconds * 1000;
    if (!job.expiresAt || renewed - job.expiresAt.getTime() > 60_000) {
      await this.db.query(`UPDATE "api_job" SET "expiresAt" = $2 WHERE "uuid" = $1`, [uuid, new Date(renewed)]);
      this.completions.extended(uuid, new Date(renewed));
    }
    return { status: job.httpStatus === 200 ? 200 : 503, body: job.result };
  }

  /** Removes results nobody read within the TTL. */
  async deleteExpired(): Promise<number> {
    const result = await this.db.query(`DELETE FROM "api_job" WHERE "state" <> 'Processing' AND "expiresAt" < now()`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }

  /** Unfinished jobs old enough that their command may have been lost (a node died
   *  between recording the job and publishing it). Re-publishing is safe: handlers are
   *  idempotent per job, and a copy behind the original finds the job done. */
  async claimStale(olderThanSeconds: number, limit: number): Promise<ApiJobEntity[]> {
    return rowsOf<ApiJobEntity>(await this.db.query(
      `UPDATE "api_job" SET "republishedDate" = now()
        WHERE "uuid" IN (SELECT "uuid" FROM "api_job"
                          WHERE "state" = 'Processing' AND "createDate" < now() - make_interval(secs => $1)
                            AND ("republishedDate" IS NULL OR "republishedDate" < now() - make_interval(secs => $1))
                          ORDER BY "createDate" LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING "uuid", "apiName", "resourceUuid"`,
      [olderThanSeconds, limit],
    ));
  }

  /** Every unfinished job, oldest first: what the embedded bus lost at a restart. */
  unfinished(): Promise<ApiJobEntity[]> {
    return this.db.getRepository(ApiJobEntity).find({ where: { state: 'Processing' }, order: { createDate: 'ASC' }, select: { uuid: true, apiName: true, resourceUuid: true } });
  }
}

export function errorOutcome(error: ZStackError): JobOutcome {
  return { httpStatus: 503, body: { error } };
}

export function internalErrorOutcome(err: unknown): JobOutcome {
  return errorOutcome(zstackError(ErrorCodes.INTERNAL, err instanceof Error ? err.message : String(err)));
}

/** The request with every password-like parameter masked; the request itself when it has none. */
export function withoutSecrets(request: unknown): unknown {
  if (!request || typeof request !== 'object') return request;
  const r = request as { params?: Record<string, unknown> };
  if (!r.params || !Object.entries(r.params).some(([k, v]) => isSecretField(k) && v != null)) return request;
  return { ...r, params: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, isSecretField(k) && v != null ? '*****' : v])) };
}
