// The identity APIs (the contract's IDENTITY_APIS): login and logout, which every client
// calls first, and the account APIs, served by account/account-routes.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ApiError, ErrorCodes, IDENTITY_APIS, routeMatcher, zstackError } from '#contract';
import { AccountRoutes, clientAddressOf, IDENTITY_VALIDATOR } from '../account/account-routes.js';
import { AccountService } from '../account/account.service.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';

/** ZStack's SDKs send `logInByAccount`; the manual shows `loginByAccount`. Both work. */
const LOGIN_KEYS = ['logInByAccount', 'loginByAccount'];
const matchIdentityRoute = routeMatcher(IDENTITY_APIS);

@Injectable()
export class SessionRoutes {
  constructor(
    private readonly accounts: AccountService,
    private readonly accountRoutes: AccountRoutes,
  ) {}

  /** Answers the request if it is an identity API; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = (req.method ?? 'GET').toUpperCase();
    const match = matchIdentityRoute(method, path);
    if ('error' in match) {
      if (match.error === 'not-found') return false;
      sendError(res, 405, zstackError(ErrorCodes.INVALID_ARGUMENT, `${method} is not allowed on ${path}; allowed: ${match.allowed.join(', ')}`), { Allow: match.allowed.join(', ') });
      return true;
    }
    const api = match.candidates[0];
    if (api.name === 'LogInByAccount') await this.login(req, res);
    else if (api.name === 'LogOut') {
      await IDENTITY_VALIDATOR.checkPart(api, 'pathParams', match.pathParams);
      await this.accounts.logout(match.pathParams.sessionUuid);
      sendJson(res, 200, {});
    } else await this.accountRoutes.handle(req, res, api, match.pathParams);
    return true;
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const key = LOGIN_KEYS.find((k) => k in body);
    const unknown = Object.keys(body).find((k) => !LOGIN_KEYS.includes(k) && k !== 'systemTags' && k !== 'userTags');
    if (!key || unknown) throw ApiError.invalidArgument(`log in with {"logInByAccount": {"accountName": ..., "password": <sha512 hex>}}${unknown ? `; unknown key "${unknown}"` : ''}`);
    const params = body[key] as Record<string, unknown> | null;
    if (!params || typeof params !== 'object') throw ApiError.invalidArgument(`"${key}" must be a JSON object`);
    await IDENTITY_VALIDATOR.checkPart(IDENTITY_APIS[0], 'params', params);
    for (const name of ['accountName', 'password']) {
      if (typeof params[name] !== 'string' || params[name] === '') throw ApiError.invalidArgument(`parameter ${name} is required`);
    }
    sendJson(res, 200, { inventory: await this.accounts.login(params.accountName as string, params.password as string, clientAddressOf(req, this.accounts.trustProxy)) });
  }
}
