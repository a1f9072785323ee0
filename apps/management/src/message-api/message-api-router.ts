// ZStack's message API beside /zstack/v1: `POST /zstack/api` (and `/zstack/api/`, where
// zstack-cli posts) takes one message; `GET /zstack/api/result/<job>` answers how its job
// ended. The same contract, sessions, validation, jobs and handlers as /zstack/v1 serve
// it, through the ApiDispatcher. Every answer carries `state`, errors included: zstack-cli
// polls `/zstack/api/result/None` forever on an answer without one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ApiError, type ApiSpec, apiByName, ErrorCodes, formatZStackDate, zstackError } from '#contract';
// Login and logout are checked as on /zstack/v1 (session-routes.ts).
import { clientAddressOf, IDENTITY_VALIDATOR } from '../account/account-routes.js';
import { AccountService, type AuthenticatedSession } from '../account/account.service.js';
import { ApiDispatcher } from '../api-call/api-dispatcher.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { logger } from '../logging/logger.js';
import { readJsonBody, sendJson } from '../rest/http-io.js';
import { answerClassOf, decodeMessage, type DecodedMessage, failureResult, messageParts, querySearchOf, successResult } from './message-codec.js';

const RESULT_PATH = /^\/api\/result\/([^/]*)\/?$/;

/** What the message API answers: ZStack's RestAPIResponse. */
interface MessageAnswer {
  uuid?: string;
  state: 'Processing' | 'Done';
  createdDate?: string;
  result?: string;
}

@Injectable()
export class MessageApiRouter {
  private readonly log = logger('message-api');

  constructor(
    private readonly accounts: AccountService,
    private readonly dispatcher: ApiDispatcher,
  ) {}

  /** True for the paths this router serves (below `/zstack`). */
  static serves(path: string): boolean {
    return path === '/api' || path.startsWith('/api/');
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    let api: ApiSpec | undefined;
    try {
      const result = RESULT_PATH.exec(path);
      if (result) {
        if (method !== 'GET' && method !== 'PUT') return this.refuse(res, 405, undefined, zstackError(ErrorCodes.INVALID_ARGUMENT, 'read a result with GET'));
        return await this.result(res, result[1]);
      }
      if (path !== '/api' && path !== '/api/') return this.refuse(res, 404, undefined, zstackError(ErrorCodes.INVALID_ARGUMENT, `nothing at /zstack${path}; post messages to /zstack/api`));
      if (method !== 'POST' && method !== 'PUT') return this.refuse(res, 405, undefined, zstackError(ErrorCodes.INVALID_ARGUMENT, 'post messages to /zstack/api'));
      const message = decodeMessage(await readJsonBody(req));
      api = message.api;
      sendJson(res, 200, await this.call(message, clientAddressOf(req, this.accounts.trustProxy)));
    } catch (err) {
      if (err instanceof ApiError) return this.refuse(res, err.status === 400 && !api ? 400 : 200, api, err.body);
      if (isDatabaseUnavailable(err)) return this.refuse(res, 503, api, zstackError(ErrorCodes.NOT_READY, 'the database is unavailable; nothing was done, retry later'));
      this.log.error({ err }, 'message API request failed');
      this.refuse(res, 500, api, zstackError(ErrorCodes.INTERNAL, 'internal error of the message API; see the management node log'));
    }
  }

  private async call(message: DecodedMessage, clientAddress: string): Promise<MessageAnswer> {
    const { api, fields } = message;
    const createdDate = formatZStackDate(new Date())!;
    if (api.name === 'LogInByAccount') {
      const { accountName, password } = fields;
      await IDENTITY_VALIDATOR.checkPart(api, 'params', { accountName, password });
      const inventory = await this.accounts.login(accountName as string, password as string, clientAddress);
      return done(successResult(answerClassOf(api), { inventory }), createdDate);
    }
    const session = await this.authenticate(message);
    if (api.name === 'LogOut') {
      const sessionUuid = fields.sessionUuid ?? session.uuid;
      await IDENTITY_VALIDATOR.checkPart(api, 'pathParams', { sessionUuid });
      await this.accounts.logout(sessionUuid as string);
      return done(successResult(answerClassOf(api), {}), createdDate);
    }
    if (api.queryResource) {
      const reply = await this.dispatcher.query(api, session, querySearchOf(fields));
      return done(successResult(answerClassOf(api), reply), createdDate);
    }
    const answer = await this.dispatcher.call({ api, session, parts: () => messageParts(api, fields), job: { uuid: null, webhookUrl: null } });
    if (answer.kind === 'reply') return done(successResult(answerClassOf(api), answer.body), createdDate);
    return { uuid: answer.jobUuid, state: 'Processing', createdDate };
  }

  private async authenticate(message: DecodedMessage): Promise<AuthenticatedSession> {
    if (!message.sessionUuid) throw ApiError.of(ErrorCodes.ID_INVALID_SESSION, 'the message carries no session; log in with org.zstack.header.identity.APILogInByAccountMsg and send "session": {"uuid": ...}');
    return this.accounts.authenticate(message.sessionUuid);
  }

  /** A job's result. Like ZStack's, it needs no session: the job's uuid, a random 128-bit
   *  value only its caller was told, is what reads it (zstack-cli sends nothing else). */
  private async result(res: ServerResponse, jobUuid: string): Promise<void> {
    const answer = await this.dispatcher.poll(jobUuid);
    if (answer.status === 404) {
      return this.refuse(res, 404, undefined, zstackError(ErrorCodes.RESOURCE_NOT_FOUND, `no job ${jobUuid}, or its result has expired`), jobUuid);
    }
    if (answer.status === 202) return sendJson(res, 200, { uuid: jobUuid, state: 'Processing' });
    const answerClass = answerClassOf(apiByName(answer.apiName ?? ''));
    const body = (answer.body ?? {}) as Record<string, unknown>;
    const result = answer.status === 200 ? successResult(answerClass, body, jobUuid) : failureResult(answerClass, body.error as never, jobUuid);
    sendJson(res, 200, { uuid: jobUuid, state: 'Done', result });
  }

  /** An error answer zstack-cli can read: Done, with a result that failed. */
  private refuse(res: ServerResponse, status: number, api: ApiSpec | undefined, error: ReturnType<typeof zstackError>, uuid?: string): void {
    if (res.headersSent) return;
    sendJson(res, status, { ...(uuid ? { uuid } : {}), state: 'Done', result: failureResult(answerClassOf(api), error) });
  }
}

function done(result: string, createdDate: string): MessageAnswer {
  return { state: 'Done', createdDate, result };
}
