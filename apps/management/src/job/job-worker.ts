// Runs the commands the bus hands this node: each in one transaction that holds the
// job row, the handler's writes, the result and the webhook owed.
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiError, ErrorCodes, type ZStackError, zstackError } from '#contract';
import type { BusCommand } from '#bus';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiCommandRegistry } from '../api/api-command-registry.js';
import type { ApiReply, ApiRequest, JobContext } from '../api/api-command.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger, withLogContext } from '../logging/logger.js';
import { openRequestSecrets } from '../secrets/request-secrets.js';
import { GroupCommit } from './group-commit.js';
import { Slots } from './slots.js';
import { guardJob } from './job-guard.js';
import type { FinishedJob } from './job-completions.js';
import { errorOutcome, internalErrorOutcome, type JobOutcome, JobStore, type RunnableJob } from './job-store.js';

/** One group at a time: jobs arriving meanwhile make the next one, and the bigger the
 *  group the fewer round trips and commits per job (on PostgreSQL, 2 groups in flight ran
 *  7% fewer jobs a second than 1, and 4 groups 20% fewer). A group slower than
 *  `stallMs` (a slow handler) lets the next one start beside it, up to the pool's share. */
const GROUP_OPTIONS = { slots: 1, maxGroup: 32, stallMs: 50 };
const MAX_GROUPS_IN_FLIGHT = 8;
const SUCCEEDED: JobOutcome = { httpStatus: 200, body: {} };

interface Queued {
  command: BusCommand;
  started: number;
}

@Injectable()
export class JobWorker {
  private readonly log = logger('job-worker');
  /** Called after the transaction of a job that owes a webhook commits (the webhook sender
   *  wakes on it). Not for the others: each wake is a statement, and the sender's own timer
   *  covers retries. */
  onFinished: (jobUuid: string) => void = () => undefined;

  /** Transactional commands waiting for the database, run together (group-commit.ts). */
  private readonly groups: GroupCommit<Queued, void>;
  /** Long commands running at once. The bus runs different resources' commands side by
   *  side, so this is what bounds the SSH sessions and agent calls of, say, a hundred
   *  AddKVMHost calls made at once: as many as there are partitions, as when each
   *  partition ran one command at a time. */
  private readonly longJobs: Slots;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly jobs: JobStore,
    private readonly registry: ApiCommandRegistry,
    private readonly commandBus: CommandBus,
  ) {
    // PGlite is one connection: a second group could only wait for it.
    this.groups = new GroupCommit({ ...GROUP_OPTIONS, maxInFlight: config.databaseUrl ? MAX_GROUPS_IN_FLIGHT : 1 }, (group) => this.runGroup(group));
    this.longJobs = new Slots(config.busPartitions);
  }

  /** The bus consumer. Rejects only when the outcome could not be recorded. */
  run = (command: BusCommand): Promise<void> =>
    withLogContext({ jobUuid: command.jobUuid, api: command.apiName }, () => this.runJob(command));

  private async runJob(command: BusCommand): Promise<void> {
    if (command.beforeRow) {
      if (!(await this.jobs.rowReady(command.jobUuid))) {
        this.log.info('the job of this command was never recorded (its call was refused, or its node stopped before answering it): the command is let go');
        return;
      }
      // Its delivery was told before its row was known here: tell it again now.
      this.delivered(command, true);
    }
    const started = Date.now();
    if (this.registry.get(command.apiName)?.transactional === false) return this.longJobs.use(() => this.runLongJob(command, started));
    return this.groups.submit({ command, started }).finally(() => this.jobs.completions.runsHere(command.jobUuid, false));
  }

  /** The bus handed a command to this node, or let it go: while a transactional one is
   *  here, polls of it answer 202 from memory (a long job's progress is in api_job). */
  delivered = (command: BusCommand, here: boolean): void => {
    if (this.registry.get(command.apiName)?.transactional !== false) this.jobs.completions.runsHere(command.jobUuid, here);
  };

  /** Commands that arrived together (group-commit.ts): run in one transaction when every
   *  handler succeeds. A failing handler must not take its neighbours' writes with it, so
   *  then nothing of the group is kept and each runs alone, as a group of one does. */
  private async runGroup(group: Queued[]): Promise<PromiseSettledResult<void>[]> {
    const contextOf = (command: BusCommand) => ({ jobUuid: command.jobUuid, api: command.apiName });
    if (group.length > 1) {
      const finished = await this.jobs
        .completeAll(
          group.map((q) => q.command.jobUuid),
          this.config.nodeId,
          (tx, job) => withLogContext({ jobUuid: job.uuid, api: job.apiName }, () => this.succeedOrThrow(tx, job)),
          this.independent,
        )
        .catch(() => null);
      if (!finished) {
        this.log.debug({ jobs: group.length }, 'a job of the group failed: each runs alone');
      } else {
        this.log.debug({ jobs: group.length }, 'jobs committed together');
        return group.map(({ command, started }, i) => {
          const job = finished[i];
          if (job) withLogContext(contextOf(command), () => this.finished(job, SUCCEEDED, started));
          return { status: 'fulfilled', value: undefined };
        });
      }
    }
    return Promise.allSettled(group.map(({ command, started }) => withLogContext(contextOf(command), () => this.runAlone(command, started))));
  }

  private async runAlone(command: BusCommand, started: number): Promise<void> {
    // First try: the handler and the success in one transaction. A failing handler
    // throws the whole transaction away, its partial writes included...
    const first = await this.jobs
      .complete(command.jobUuid, this.config.nodeId, (tx, job) => this.succeedOrThrow(tx, job), this.independent)
      .catch((err: unknown) => {
        if (err instanceof HandlerFailed) return err.outcome;
        throw err; // the database itself failed: the bus retries the command
      });
    if (first === null) return; // done already (a redelivery) or expired
    if ('uuid' in first) return this.finished(first, SUCCEEDED, started);
    // ...and the failure is recorded on its own.
    await this.recordOutcome(command.jobUuid, first, started);
  }

  private readonly independent = (job: RunnableJob): boolean => this.registry.get(job.apiName)?.independent === true;

  /** The handler's success, or HandlerFailed with its failure. */
  private async succeedOrThrow(tx: EntityManager, job: RunnableJob): Promise<JobOutcome> {
    const outcome = await this.execute(this.contextOf(job, tx));
    if (outcome.httpStatus !== 200) throw new HandlerFailed(outcome);
    return outcome;
  }

  /** Records an outcome reached outside the job's transaction, unless the job is done already. */
  private async recordOutcome(jobUuid: string, outcome: JobOutcome, started: number): Promise<void> {
    const finished = await this.jobs.complete(jobUuid, this.config.nodeId, async () => outcome);
    if (finished) this.finished(finished, outcome, started);
  }

  /** After the outcome committed: polls may answer it from memory, and the log says it. */
  private finished(job: FinishedJob, outcome: JobOutcome, started: number): void {
    this.jobs.completions.completed(job);
    this.logFinished(outcome, started);
    if (job.webhookUrl) this.onFinished(job.uuid);
  }

  /** A long command: the handler runs outside any transaction (it may take minutes and
   *  report progress meanwhile); its outcome is then recorded in a short one. */
  private async runLongJob(command: BusCommand, started: number): Promise<void> {
    const job = await this.jobs.find(command.jobUuid);
    if (!job || job.state !== 'Processing') return;
    const context = this.contextOf(job, this.db.manager);
    context.progress = (step, percent) => this.jobs.progress(job.uuid, step, percent);
    await this.recordOutcome(command.jobUuid, await this.execute(context), started);
  }

  /** One line per job; a failed one at warn level with its whole error, not only the code,
   *  so the operator reading the log needs no second look in the job store. */
  private logFinished(outcome: JobOutcome, started: number): void {
    const line = { status: outcome.httpStatus, ms: Date.now() - started };
    const error = outcome.body.error as ZStackError | undefined;
    if (outcome.httpStatus === 200 || !error) return this.log.info(line, 'job finished');
    this.log.warn({ ...line, code: error.code, error: { code: error.code, description: error.description, details: error.details } }, 'job finished');
  }

  private contextOf(job: RunnableJob, tx: EntityManager): JobContext {
    return {
      jobUuid: job.uuid,
      apiName: job.apiName,
      accountUuid: job.accountUuid,
      resourceUuid: job.resourceUuid,
      request: job.request as ApiRequest,
      tx,
      // Progress written from inside the job's own transaction would stay invisible
      // until the end; long handlers report it through the store instead.
      progress: async (step, percent) => this.log.info({ step, percent }, 'progress'),
    };
  }

  private async execute(context: JobContext): Promise<JobOutcome> {
    const commandClass = this.registry.get(context.apiName);
    if (!commandClass) {
      return errorOutcome(zstackError(ErrorCodes.NOT_IMPLEMENTED, `${context.apiName} has no handler on this management node`));
    }
    try {
      // Secret parameters are opened only here, in memory, for the handler; guarded: an
      // error the handler left unhandled fails this job, not the node (job-guard.ts).
      const command = new commandClass({ ...context, request: openRequestSecrets(context.request) });
      const reply = await guardJob(context.jobUuid, () => this.commandBus.execute<InstanceType<typeof commandClass>, ApiReply>(command));
      return { httpStatus: 200, body: reply ?? {} };
    } catch (err) {
      if (err instanceof ApiError) return errorOutcome(err.body);
      this.log.error({ err }, 'handler failed');
      return internalErrorOutcome(err);
    }
  }
}

class HandlerFailed extends Error {
  constructor(readonly outcome: JobOutcome) {
    super('handler failed');
  }
}
