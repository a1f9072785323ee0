// The one REST router of the zstack/v1 API, driven by the contract: it matches method
// and path, picks PUT actions by body key, authenticates, validates, then either answers
// a query at once or records a job, publishes its command and answers 202.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APIS, ApiError, type ApiSpec, ErrorCodes, matchRoute, zstackError } from '#contract';
import type { CommandTransport } from '#bus';
import { AccountService, type AuthenticatedSession } from '../account/account.service.js';
import { ApiCommandRegistry } from '../api/api-command-registry.js';
import type { ApiRequest } from '../api/api-command.js';
import { QUERYABLE_RESOURCES, SYNC_APIS } from '../api/commands.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { COMMAND_TRANSPORT } from '../bus/bus.tokens.js';
import { JobStore } from '../job/job-store.js';
import { logger } from '../logging/logger.js';
import { QueryEngine } from '../query/query-engine.js';
import { parseQueryRequest } from '../query/query-request.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';
import { pickByBodyKey, requestParts } from './request-parts.js';
import { RequestValidator } from './request-validator.js';
import { SessionRoutes } from './session-routes.js';
import { webhookUrlOf } from './webhook-url.js';

const JOB_UUID = /^[0-9a-f]{32}$/;

@Injectable()
export class RestRouter {
  private readonly log = logger('rest');
  private readonly validator = new RequestValidator(APIS);

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    @Inject(COMMAND_TRANSPORT) private readonly transport: CommandTransport,
    private readonly accounts: AccountService,
    private readonly sessions: SessionRoutes,
    private readonly jobs: JobStore,
    private readonly registry: ApiCommandRegistry,
    private readonly queries: QueryEngine,
    private readonly providers: ModuleRef,
  ) {}

  /** Handles a request below `/zstack`; `path` is what follows it. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
    try {
      if (await this.sessions.handle(req, res, path)) return;
      const jobPoll = /^\/v1\/api-jobs\/([^/]+)$/.exec(path);
      if (jobPoll) return await this.poll(req, res, jobPoll[1]);

      const method = (req.method ?? 'GET').toUpperCase();
      const match = matchRoute(method, path);
      if ('error' in match) {
        if (match.error === 'method-not-allowed') {
          return sendError(res, 405, zstackError(ErrorCodes.INVALID_ARGUMENT, `${method} is not allowed on ${path}; allowed: ${match.allowed.join(', ')}`), { Allow: match.allowed.join(', ') });
        }
        return sendError(res, 404, zstackError(ErrorCodes.INVALID_ARGUMENT, `no API at ${method} /zstack${path}`));
      }
      const body = method === 'GET' ? {} : await readJsonBody(req);
      const api = pickByBodyKey(match.candidates, body);
      const session = await this.authenticate(req);
      this.accounts.authorize(session, api);
      const parts = requestParts(api, body, match.pathParamsFor(api), search);
      if (api.queryResource) return await this.query(res, api, parts.pathParams, search);
      await this.validator.check(api, parts);
      const request: ApiRequest = {
        params: parts.params,
        systemTags: (parts.body.systemTags as string[] | undefined) ?? [],
        userTags: (parts.body.userTags as string[] | undefined) ?? [],
        pathParams: parts.pathParams,
        query: parts.query,
      };
      if (!api.async) {
        const handler = SYNC_APIS.get(api.name);
        if (!handler) throw notImplemented(api);
        return sendJson(res, 200, await handler.answer(request, this.providers));
      }
      if (!this.registry.has(api.name)) throw notImplemented(api);
      await this.accept(req, res, api, session, request);
    } catch (err) {
      this.fail(res, err);
    }
  }

  private authenticate(req: IncomingMessage): Promise<AuthenticatedSession> {
    return this.accounts.authenticateHeader(req.headers.authorization);
  }

  private async query(res: ServerResponse, api: ApiSpec, pathParams: Record<string, string>, search: URLSearchParams): Promise<void> {
    const resource = api.queryResource!;
    if (!QUERYABLE_RESOURCES.has(resource)) throw notImplemented(api);
    const request = parseQueryRequest(search, this.config.queryMaxLimit);
    if (pathParams.uuid !== undefined) request.conditions.push({ field: 'uuid', op: '=', value: pathParams.uuid });
    sendJson(res, 200, await this.queries.query(resource, request));
  }

  /** Records the job, publishes its command, answers 202. A job whose command cannot be
   *  published is taken back and the call refused with 503: nothing is left half-done. */
  private async accept(req: IncomingMessage, res: ServerResponse, api: ApiSpec, session: AuthenticatedSession, request: ApiRequest): Promise<void> {
    const jobUuid = this.jobUuidOf(req);
    const webhookUrl = webhookUrlOf(req, this.config.webhookAllowedHosts, this.config.webhookAllowPrivileged);
    // A create's uuid is fixed now, so a command run twice creates the same resource.
    if (api.params.some((p) => p.name === 'resourceUuid' && p.in === 'body.params')) {
      request.params.resourceUuid ??= randomUUID().replace(/-/g, '');
    }
    const resourceUuid = (request.pathParams.uuid ?? request.params.resourceUuid ?? Object.values(request.pathParams)[0] ?? null) as string | null;
    await this.jobs.create({ uuid: jobUuid, apiName: api.name, resourceUuid, accountUuid: session.accountUuid, request, webhookUrl });
    try {
      await this.transport.publish({ jobUuid, apiName: api.name, partitionKey: resourceUuid ?? jobUuid });
    } catch (err) {
      await this.jobs.discard(jobUuid);
      this.log.error({ jobUuid, err: String(err) }, 'could not publish a command');
      throw ApiError.of(ErrorCodes.NOT_READY, 'the message bus is unreachable; the call was not accepted, retry later');
    }
    sendJson(res, 202, { location: this.jobLocation(req, jobUuid) });
  }

  private jobUuidOf(req: IncomingMessage): string {
    const given = req.headers['x-job-uuid'];
    if (given === undefined) return randomUUID().replace(/-/g, '');
    if (Array.isArray(given) || !JOB_UUID.test(given)) throw ApiError.invalidArgument('header X-Job-UUID must be a uuid of 32 lowercase hex digits (a v4 UUID without dashes)');
    return given;
  }

  jobLocation(req: IncomingMessage, jobUuid: string): string {
    const base = this.config.publicUrl ?? `http://${req.headers.host ?? `localhost:${this.config.port}`}`;
    return `${base}/zstack/v1/api-jobs/${jobUuid}`;
  }

  private async poll(req: IncomingMessage, res: ServerResponse, jobUuid: string): Promise<void> {
    if ((req.method ?? 'GET').toUpperCase() !== 'GET') {
      return sendError(res, 405, zstackError(ErrorCodes.INVALID_ARGUMENT, 'only GET is allowed on a job location'), { Allow: 'GET' });
    }
    const session = await this.authenticate(req);
    const answer = JOB_UUID.test(jobUuid) ? await this.jobs.poll(jobUuid, (owner) => this.accounts.authorizeJobRead(session, owner)) : ({ status: 404 } as const);
    if (answer.status === 404) return sendError(res, 404, zstackError(ErrorCodes.RESOURCE_NOT_FOUND, `no job ${jobUuid}, or its result has expired`));
    if (answer.status === 202) {
      return sendJson(res, 202, { location: this.jobLocation(req, jobUuid), ...(answer.progress ? { progress: answer.progress } : {}) });
    }
    sendJson(res, answer.status, answer.body);
  }

  private fail(res: ServerResponse, err: unknown): void {
    if (res.headersSent) return;
    if (err instanceof ApiError) return sendError(res, err.status, err.body);
    if (isDatabaseUnavailable(err)) {
      this.log.warn({ err: String(err) }, 'the database is unavailable');
      return sendError(res, 503, zstackError(ErrorCodes.NOT_READY, 'the database is unavailable; nothing was done, retry later'));
    }
    this.log.error({ err }, 'REST request failed');
    sendError(res, 500, zstackError(ErrorCodes.INTERNAL, 'internal error of the REST endpoint; see the management node log'));
  }
}

function notImplemented(api: ApiSpec): ApiError {
  return new ApiError(501, zstackError(ErrorCodes.NOT_IMPLEMENTED, `${api.name} (${api.method} /zstack${api.path}) is not implemented in this release; docs/api-coverage.md lists what is`));
}
