// The one REST router of the zstack/v1 API, driven by the contract: it matches method
// and path, picks PUT actions by body key, authenticates, then hands the call to the
// dispatcher (shared with the message API) and words its answer as zstack/v1 does:
// 200 with the reply, or 202 with the job's location.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ErrorCodes, matchRoute, zstackError } from '#contract';
import { AccountService, type AuthenticatedSession } from '../account/account.service.js';
import { ApiDispatcher } from '../api-call/api-dispatcher.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { logger } from '../logging/logger.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';
import { pickByBodyKey, requestParts } from './request-parts.js';
import { SessionRoutes } from './session-routes.js';
import { webhookUrlOf } from './webhook-url.js';

const JOB_UUID = /^[0-9a-f]{32}$/;

@Injectable()
export class RestRouter {
  private readonly log = logger('rest');

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly accounts: AccountService,
    private readonly sessions: SessionRoutes,
    private readonly dispatcher: ApiDispatcher,
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
      if (api.queryResource) {
        return sendJson(res, 200, await this.dispatcher.query(api, session, search, match.pathParamsFor(api).uuid));
      }
      const job = api.async ? { uuid: this.jobUuidOf(req), webhookUrl: webhookUrlOf(req, this.config.webhookAllowedHosts, this.config.webhookAllowPrivileged) } : { uuid: null, webhookUrl: null };
      const answer = await this.dispatcher.call({ api, session, job, parts: () => requestParts(api, body, match.pathParamsFor(api), search) });
      if (answer.kind === 'reply') return sendJson(res, 200, answer.body);
      sendJson(res, 202, { location: this.jobLocation(req, answer.jobUuid) });
    } catch (err) {
      this.fail(res, err);
    }
  }

  private authenticate(req: IncomingMessage): Promise<AuthenticatedSession> {
    return this.accounts.authenticateHeader(req.headers.authorization);
  }

  private jobUuidOf(req: IncomingMessage): string | null {
    const given = req.headers['x-job-uuid'];
    if (given === undefined) return null;
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
    const answer = await this.dispatcher.poll(jobUuid, session);
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
