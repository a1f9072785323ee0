// Serves the account APIs of the contract's IDENTITY_APIS (all but login and logout):
// authenticates (ValidateSession needs no session, as in ZStack), then hands the body
// key's object or the query string to AccountApis.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ApiError, type ApiSpec, IDENTITY_APIS } from '#contract';
import { readJsonBody, sendJson } from '../rest/http-io.js';
import { RequestValidator } from '../rest/request-validator.js';
import { AccountApis } from './account-apis.js';
import { AccountService } from './account.service.js';

/** Lengths, formats and storable text of the identity APIs' parameters (libs/contract). */
export const IDENTITY_VALIDATOR = new RequestValidator(IDENTITY_APIS);

/** The caller's address for login throttling: the socket's peer, or behind a trusted
 *  reverse proxy (ZSTACK_TRUST_PROXY) the address it appended to X-Forwarded-For. */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const last = typeof forwarded === 'string' ? forwarded.split(',').pop()?.trim() : undefined;
  return (trustProxy && last) || req.socket.remoteAddress || 'unknown';
}

@Injectable()
export class AccountRoutes {
  constructor(
    private readonly accounts: AccountService,
    private readonly apis: AccountApis,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, api: ApiSpec, pathParams: Record<string, string>): Promise<void> {
    await IDENTITY_VALIDATOR.checkPart(api, 'pathParams', pathParams);
    if (api.name === 'ValidateSession') return sendJson(res, 200, await this.apis.validateSession(pathParams.sessionUuid));
    const session = await this.accounts.authenticateHeader(req.headers.authorization);
    const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
    switch (api.name) {
      case 'QueryAccount':
        return sendJson(res, 200, await this.apis.queryAccounts(session, search, pathParams.uuid));
      case 'QuerySession':
        return sendJson(res, 200, await this.apis.querySessions(session, search, pathParams.uuid));
    }
    const params = await this.bodyParams(req, api);
    if (api.name === 'CreateAccount') return sendJson(res, 200, await this.apis.create(session, params));
    return sendJson(res, 200, await this.apis.update(session, pathParams.uuid, params));
  }

  /** The body key's object; other keys are ignored, as ZStack's RestServer does. */
  private async bodyParams(req: IncomingMessage, api: ApiSpec): Promise<Record<string, unknown>> {
    const body = await readJsonBody(req);
    const params = body[api.bodyKey!];
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw ApiError.invalidArgument(`send the parameters in {"${api.bodyKey}": {...}}`);
    }
    await IDENTITY_VALIDATOR.checkPart(api, 'params', params as Record<string, unknown>);
    return params as Record<string, unknown>;
  }
}
