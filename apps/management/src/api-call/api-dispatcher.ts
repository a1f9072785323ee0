// One API call, whichever protocol carried it: the zstack/v1 REST router and ZStack's
// message API (`POST /zstack/api`) both split their request into the contract's parameter
// locations and hand it here. It validates, then answers a synchronous API or a query at
// once, or records a job, publishes its command and says which job it is. It returns
// answers instead of writing them, so each protocol words them its own way.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APIS, ApiError, type ApiSpec, ErrorCodes, IMAGE_APIS, VM_APIS, zstackError } from '#contract';
import type { BusCommand, CommandTransport } from '#bus';
import { AccountService, type AuthenticatedSession } from '../account/account.service.js';
import { ApiCommandRegistry } from '../api/api-command-registry.js';
import type { ApiReply, ApiRequest } from '../api/api-command.js';
import { QUERYABLE_RESOURCES, SYNC_APIS } from '../api/commands.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { COMMAND_TRANSPORT } from '../bus/bus.tokens.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import type { FinishedJob } from '../job/job-completions.js';
import { errorOutcome, JobStore, type NewJob, type PollAnswer } from '../job/job-store.js';
import { logger } from '../logging/logger.js';
import { QueryEngine } from '../query/query-engine.js';
import { parseQueryRequest } from '../query/query-request.js';
import { RequestValidator, type RequestParts } from '../rest/request-validator.js';
import { WebhookSender } from '../webhook/webhook-sender.js';

export interface ApiCall {
  api: ApiSpec;
  session: AuthenticatedSession;
  /** Splits the request into parameter locations; throws SYS.1007 for a malformed part.
   *  Called inside the dispatcher, so such an error ends an asynchronous API's job. */
  parts: () => RequestParts;
  /** For asynchronous APIs: the caller's job uuid (already checked) and webhook. */
  job: { uuid: string | null; webhookUrl: string | null };
}

export type CallAnswer = { kind: 'reply'; body: ApiReply } | { kind: 'accepted'; jobUuid: string };

const newUuid = () => randomUUID().replace(/-/g, '');

@Injectable()
export class ApiDispatcher {
  private readonly log = logger('api');
  private readonly validator = new RequestValidator([...APIS, ...IMAGE_APIS, ...VM_APIS]);

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    @Inject(COMMAND_TRANSPORT) private readonly transport: CommandTransport,
    private readonly jobs: JobStore,
    private readonly registry: ApiCommandRegistry,
    private readonly queries: QueryEngine,
    private readonly webhooks: WebhookSender,
    private readonly providers: ModuleRef,
    private readonly accounts: AccountService,
  ) {}

  /** Answers a query; an API without a table is 501 whatever its conditions say. */
  async query(api: ApiSpec, session: AuthenticatedSession, search: URLSearchParams, uuid?: string): Promise<ApiReply> {
    this.accounts.authorize(session, api);
    const resource = api.queryResource!;
    if (!QUERYABLE_RESOURCES.has(resource)) throw notImplemented(api);
    const request = parseQueryRequest(search, this.config.queryMaxLimit);
    if (uuid !== undefined) request.conditions.push({ field: 'uuid', op: '=', value: uuid });
    return (await this.queries.query(resource, request)) as ApiReply;
  }

  async call(call: ApiCall): Promise<CallAnswer> {
    const { api } = call;
    this.accounts.authorize(call.session, api);
    if (!api.async) {
      const handler = SYNC_APIS.get(api.name);
      if (!handler) throw notImplemented(api);
      return { kind: 'reply', body: await handler.answer(await this.validated(call), this.providers) };
    }
    if (!this.registry.has(api.name)) throw notImplemented(api);
    const jobUuid = call.job.uuid ?? newUuid();
    let request: ApiRequest;
    try {
      request = await this.validated(call);
    } catch (err) {
      // ZStack's SDKs read error codes only from a job's result: a parameter error of an
      // asynchronous API ends the job it was accepted as, and nothing is written.
      if (!(err instanceof ApiError) || err.body.code !== ErrorCodes.INVALID_ARGUMENT) throw err;
      await this.refuse(call, jobUuid, err);
      return { kind: 'accepted', jobUuid };
    }
    await this.accept(call, jobUuid, request);
    return { kind: 'accepted', jobUuid };
  }

  /** What a job's location answers, and the API the job runs (null: no such job). With a
   *  `reader`, only its own jobs (or any, for an admin) are answered. */
  async poll(jobUuid: string, reader?: AuthenticatedSession): Promise<PollAnswer & { apiName: string | null }> {
    const job = /^[0-9a-f]{32}$/.test(jobUuid) ? await this.finishedOrStored(jobUuid) : null;
    if (job && reader) this.accounts.authorizeJobRead(reader, job.accountUuid);
    return { ...(await this.jobs.answerFor(job)), apiName: job?.apiName ?? null };
  }

  /** A job this node accepted is given a moment to finish here; a result this node wrote,
   *  or a job it accepted and is running, is answered from memory (job-completions.ts);
   *  any other job is read from api_job. */
  private async finishedOrStored(jobUuid: string): Promise<FinishedJob | null> {
    const { completions } = this.jobs;
    await completions.settled(jobUuid);
    return completions.result(jobUuid) ?? completions.runningHere(jobUuid) ?? (await this.jobs.find(jobUuid));
  }

  private async validated(call: ApiCall): Promise<ApiRequest> {
    const parts = call.parts();
    await this.validator.check(call.api, parts);
    return {
      params: parts.params,
      systemTags: (parts.body.systemTags as string[] | undefined) ?? [],
      userTags: (parts.body.userTags as string[] | undefined) ?? [],
      pathParams: parts.pathParams,
      query: parts.query,
    };
  }

  private async refuse(call: ApiCall, jobUuid: string, err: ApiError): Promise<void> {
    const job = { uuid: jobUuid, apiName: call.api.name, resourceUuid: null, accountUuid: call.session.accountUuid, request: {}, webhookUrl: call.job.webhookUrl };
    await this.jobs.createFinished(job, errorOutcome(err.body), this.config.nodeId);
    this.log.info({ jobUuid, api: call.api.name, status: 503, code: err.body.code, details: err.body.details }, 'job refused: invalid parameters');
    if (call.job.webhookUrl) this.webhooks.wake();
  }

  /** Records the job and publishes its command. A job whose command cannot be published is
   *  taken back and the call refused with 503: nothing is left half-done. */
  private async accept(call: ApiCall, jobUuid: string, request: ApiRequest): Promise<void> {
    const { api } = call;
    // A create's uuid is fixed now, so a command run twice creates the same resource.
    const chosenHere = api.params.some((p) => p.name === 'resourceUuid' && p.in === 'body.params') && request.params.resourceUuid == null;
    if (chosenHere) request.params.resourceUuid = newUuid();
    const resourceUuid = (request.pathParams.uuid ?? request.params.resourceUuid ?? Object.values(request.pathParams)[0] ?? null) as string | null;
    // Nobody can name the job's resource before its outcome commits when its uuid was
    // chosen just now and the handler's writes commit with the outcome; a job without a
    // resource is keyed by its own uuid. Either way nothing is ordered after it.
    const anyPartition = resourceUuid === null || (chosenHere && resourceUuid === request.params.resourceUuid && this.registry.get(api.name)?.transactional !== false);
    const job = { uuid: jobUuid, apiName: api.name, resourceUuid, accountUuid: call.session.accountUuid, request, webhookUrl: call.job.webhookUrl };
    const command = { jobUuid, apiName: api.name, partitionKey: resourceUuid ?? jobUuid, anyPartition };
    if (anyPartition && call.job.uuid === null) return this.acceptBeside(job, command);
    await this.record(job);
    await this.transport.publish(command).catch((err: unknown) => this.takeBack(jobUuid, err));
  }

  /** Writes the job's row. A database that refuses it (not one that is down: the routers
   *  answer that) fails the call with 503 and a code; its own words stay in the log. */
  private async record(job: NewJob): Promise<void> {
    try {
      await this.jobs.create(job);
    } catch (err) {
      if (err instanceof ApiError || isDatabaseUnavailable(err)) throw err;
      this.log.error({ jobUuid: job.uuid, err: String(err) }, 'could not record a job');
      throw ApiError.of(ErrorCodes.INTERNAL, 'the job store could not record the call; nothing was done; the management node log says why');
    }
  }

  /** accept() for a command nothing is ordered after, of a job whose uuid no other row can
   *  have (chosen here): the command goes out while the row is written, and the call waits
   *  for the longer of the two instead of both. The worker waits for the row
   *  (`beforeRow`), and lets the command go if the row never comes. */
  private async acceptBeside(job: NewJob, command: BusCommand): Promise<void> {
    const [written, published] = await Promise.allSettled([this.record(job), this.transport.publish({ ...command, beforeRow: true })]);
    if (written.status === 'rejected') throw written.reason;
    if (published.status === 'rejected') await this.takeBack(job.uuid, published.reason);
  }

  private async takeBack(jobUuid: string, err: unknown): Promise<never> {
    this.jobs.completions.dropped(jobUuid);
    await this.jobs.discard(jobUuid);
    this.log.error({ jobUuid, err: String(err) }, 'could not publish a command');
    throw ApiError.of(ErrorCodes.NOT_READY, 'the message bus is unreachable; the call was not accepted, retry later');
  }
}

export function notImplemented(api: ApiSpec): ApiError {
  return new ApiError(501, zstackError(ErrorCodes.NOT_IMPLEMENTED, `${api.name} (${api.method} /zstack${api.path}) is not implemented in this release; docs/api-coverage.md lists what is`));
}
