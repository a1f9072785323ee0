// ZStack's account APIs (identity-apis.ts in the contract): CreateAccount, UpdateAccount,
// ValidateSession, QueryAccount and QuerySession. A normal account sees and changes only
// itself; an admin everything. Passwords arrive as sha512 hex digests and are stored as
// scrypt hashes of them, as at login.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ErrorCodes, formatZStackDate } from '#contract';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';
import { AccountEntity } from './account.entity.js';
import { ADMIN_TYPE, AccountService, type AuthenticatedSession, isAdmin, newUuid } from './account.service.js';
import { filterInventories } from './inventory-filter.js';
import { hashPasswordDigest, verifyPasswordDigest } from './password-hash.js';
import { SessionEntity } from './session.entity.js';

const UUID = /^[0-9a-f]{32}$/;
const UNIQUE_VIOLATION = '23505';

function text(params: Record<string, unknown>, name: string, max: number, required = false): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) {
    if (required) throw ApiError.invalidArgument(`parameter ${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw ApiError.invalidArgument(`parameter ${name} must be a string`);
  if (value.length > max) throw ApiError.invalidArgument(`parameter ${name} is longer than ${max} characters`);
  if (required && value === '') throw ApiError.invalidArgument(`parameter ${name} must not be empty`);
  return value;
}

export const accountInventory = (a: AccountEntity) => ({
  uuid: a.uuid,
  name: a.name,
  description: a.description ?? undefined,
  type: a.type,
  createDate: formatZStackDate(a.createDate),
  lastOpDate: formatZStackDate(a.lastOpDate),
});

const sessionInventory = (s: SessionEntity) => ({
  uuid: s.uuid,
  accountUuid: s.accountUuid,
  userUuid: s.userUuid,
  expiredDate: formatZStackDate(s.expiredDate),
  createDate: formatZStackDate(s.createDate),
});

@Injectable()
export class AccountApis {
  private readonly log = logger('account');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly accounts: AccountService,
  ) {}

  async create(session: AuthenticatedSession, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!isAdmin(session)) throw ApiError.of(ErrorCodes.ID_PERMISSION_DENIED, 'CreateAccount is for admin accounts only');
    const name = text(params, 'name', 255, true)!;
    const digest = text(params, 'password', 255, true)!;
    const type = text(params, 'type', 64) ?? 'Normal';
    if (type !== 'Normal' && type !== ADMIN_TYPE) throw ApiError.invalidArgument('parameter type must be one of [SystemAdmin, Normal]');
    const uuid = text(params, 'resourceUuid', 32) ?? newUuid();
    if (!UUID.test(uuid)) throw ApiError.invalidArgument('parameter resourceUuid must be a uuid of 32 lowercase hex digits');
    const now = new Date();
    const account: AccountEntity = { uuid, name, type, description: text(params, 'description', 2048) ?? null, passwordHash: await hashPasswordDigest(digest), createDate: now, lastOpDate: now };
    try {
      await this.db.getRepository(AccountEntity).insert(account);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION || /duplicate key/.test(String(err))) {
        throw ApiError.operation(`an account named ${name} (or with uuid ${uuid}) already exists`);
      }
      throw err;
    }
    this.log.info({ accountUuid: uuid, name, type }, 'account created');
    return { inventory: accountInventory(account) };
  }

  async update(session: AuthenticatedSession, uuid: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!isAdmin(session) && session.accountUuid !== uuid) throw ApiError.of(ErrorCodes.ID_PERMISSION_DENIED, 'a normal account can update only itself');
    const repo = this.db.getRepository(AccountEntity);
    const account = UUID.test(uuid) ? await repo.findOneBy({ uuid }) : null;
    if (!account) throw ApiError.notFound(`no account ${uuid}`);
    const digest = text(params, 'password', 255);
    const oldDigest = text(params, 'oldPassword', 255);
    if (digest !== undefined && !isAdmin(session) && !(oldDigest !== undefined && (await verifyPasswordDigest(oldDigest, account.passwordHash)))) {
      throw ApiError.of(ErrorCodes.ID_WRONG_CREDENTIALS, 'give the current password in oldPassword to change it');
    }
    const changes: Partial<AccountEntity> = { lastOpDate: new Date() };
    const name = text(params, 'name', 255);
    if (name !== undefined && name !== '') changes.name = name;
    const description = text(params, 'description', 2048);
    if (description !== undefined) changes.description = description;
    if (digest !== undefined) changes.passwordHash = await hashPasswordDigest(digest);
    await repo.update({ uuid }, changes);
    this.accounts.forgetAccount(uuid);
    this.log.info({ accountUuid: uuid, passwordChanged: digest !== undefined }, 'account updated');
    return { inventory: accountInventory({ ...account, ...changes }) };
  }

  async validateSession(sessionUuid: string): Promise<Record<string, unknown>> {
    try {
      await this.accounts.authenticate(sessionUuid);
      return { valid: true };
    } catch (err) {
      if (err instanceof ApiError && err.body.code === ErrorCodes.ID_INVALID_SESSION) return { valid: false };
      throw err;
    }
  }

  async queryAccounts(session: AuthenticatedSession, search: URLSearchParams, uuid?: string): Promise<Record<string, unknown>> {
    const where = isAdmin(session) ? (uuid ? { uuid } : {}) : { uuid: session.accountUuid };
    const rows = await this.db.getRepository(AccountEntity).find({ where, order: { createDate: 'ASC' } });
    return filterInventories(rows.filter((r) => !uuid || r.uuid === uuid).map(accountInventory), search);
  }

  async querySessions(session: AuthenticatedSession, search: URLSearchParams, uuid?: string): Promise<Record<string, unknown>> {
    const where = isAdmin(session) ? {} : { accountUuid: session.accountUuid };
    const rows = await this.db.getRepository(SessionEntity).find({ where: uuid ? { ...where, uuid } : where, order: { createDate: 'ASC' } });
    return filterInventories(rows.filter((r) => r.expiredDate.getTime() > Date.now()).map(sessionInventory), search);
  }
}
