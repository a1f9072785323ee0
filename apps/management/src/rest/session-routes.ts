// Login and logout, the two synchronous identity calls every client makes first.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ApiError, apiByName, ErrorCodes, IDENTITY_APIS, zstackError } from '#contract';
import { AccountService } from '../account/account.service.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';
import { RequestValidator } from './request-validator.js';

/** ZStack's SDKs send `logInByAccount`; the manual shows `loginByAccount`. Both work. */
const LOGIN_KEYS = ['logInByAccount', 'loginByAccount'];
const LOGIN = apiByName('LogInByAccount')!;
const LOGOUT = apiByName('LogOut')!;
const IDENTITY_VALIDATOR = new RequestValidator(IDENTITY_APIS);

@Injectable()
export class SessionRoutes {
  constructor(private readonly accounts: AccountService) {}

  /** Answers the request if it is a login or logout; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (path === '/v1/accounts/login') {
      if (method !== 'PUT') sendError(res, 405, zstackError(ErrorCodes.INVALID_ARGUMENT, 'log in with PUT'), { Allow: 'PUT' });
      else await this.login(req, res);
      return true;
    }
    const logout = /^\/v1\/accounts\/sessions\/([^/]+)$/.exec(path);
    if (logout) {
      if (method !== 'DELETE') sendError(res, 405, zstackError(ErrorCodes.INVALID_ARGUMENT, 'log out with DELETE'), { Allow: 'DELETE' });
      else {
        await IDENTITY_VALIDATOR.checkPart(LOGOUT, 'pathParams', { sessionUuid: logout[1] });
        await this.accounts.logout(logout[1]);
        sendJson(res, 200, {});
      }
      return true;
    }
    return false;
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const key = LOGIN_KEYS.find((k) => k in body);
    const unknown = Object.keys(body).find((k) => !LOGIN_KEYS.includes(k) && k !== 'systemTags' && k !== 'userTags');
    if (!key || unknown) throw ApiError.invalidArgument(`log in with {"logInByAccount": {"accountName": ..., "password": <sha512 hex>}}${unknown ? `; unknown key "${unknown}"` : ''}`);
    const params = body[key] as Record<string, unknown> | null;
    if (!params || typeof params !== 'object') throw ApiError.invalidArgument(`"${key}" must be a JSON object`);
    await IDENTITY_VALIDATOR.checkPart(LOGIN, 'params', params);
    for (const name of ['accountName', 'password']) {
      if (typeof params[name] !== 'string' || params[name] === '') throw ApiError.invalidArgument(`parameter ${name} is required`);
    }
    sendJson(res, 200, { inventory: await this.accounts.login(params.accountName as string, params.password as string) });
  }
}
