// Accounts and sessions: login, logout, and the session check every API call makes.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, type ApiSpec, ErrorCodes, formatZStackDate, IDENTITY_APIS } from '#contract';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';
import { AccountEntity } from './account.entity.js';
import { passwordMatches } from './credentials.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPasswordDigest, sha512Hex, verifyPasswordDigest } from './password-hash.js';
import { SessionEntity } from './session.entity.js';

export const newUuid = () => randomUUID().replace(/-/g, '');

export interface AuthenticatedSession {
  uuid: string;
  accountUuid: string;
  userUuid: string;
  /** `SystemAdmin` or `Normal`, as ZStack names account types. */
  accountType: string;
}

export const ADMIN_TYPE = 'SystemAdmin';
export const isAdmin = (session: AuthenticatedSession): boolean => session.accountType === ADMIN_TYPE;
const IDENTITY_API_NAMES = new Set(IDENTITY_APIS.map((a) => a.name));
const DEFAULT_ADMIN_PASSWORD = 'password';

/** A session's expiry is pushed forward only when it moved by more than this, so a
 *  burst of calls costs one write, not one each. */
const SLIDE_GRANULARITY_MS = 30_000;

/** A session checked this recently is trusted without asking the database again. A
 *  logout on this node takes effect at once; on other nodes within this long. */
const SESSION_CACHE_MS = 1000;
const SESSION_CACHE_MAX = 10_000;

@Injectable()
export class AccountService {
  private readonly log = logger('account');
  private readonly recentlyChecked = new Map<string, { session: AuthenticatedSession; until: number }>();
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {
    this.throttle = new LoginThrottle(config.loginMaxFailures, config.loginLockoutMs);
  }

  /** Creates the admin account at first start, from ZSTACK_ADMIN_PASSWORD. Several nodes
   *  may start at once: the unique name decides, the others do nothing. */
  async ensureAdmin(): Promise<void> {
    const existing = await this.db.getRepository(AccountEntity).findOneBy({ name: 'admin' });
    if (existing) return this.warnAboutAdminPassword(existing);
    const now = new Date();
    const passwordHash = await hashPasswordDigest(sha512Hex(this.config.adminPassword));
    await this.db
      .createQueryBuilder()
      .insert()
      .into(AccountEntity)
      .values({ uuid: '36c27e8ff05c4780bf6d2fa65700f22e', name: 'admin', type: ADMIN_TYPE, description: null, passwordHash, createDate: now, lastOpDate: now })
      .orIgnore()
      .execute();
    this.log.info('created the admin account');
    if (this.config.adminPassword === DEFAULT_ADMIN_PASSWORD) this.warnDefaultPassword();
  }

  private async warnAboutAdminPassword(admin: AccountEntity): Promise<void> {
    if (await verifyPasswordDigest(sha512Hex(DEFAULT_ADMIN_PASSWORD), admin.passwordHash)) return this.warnDefaultPassword();
    if (this.config.adminPassword !== DEFAULT_ADMIN_PASSWORD && !(await verifyPasswordDigest(sha512Hex(this.config.adminPassword), admin.passwordHash))) {
      this.log.warn('ZSTACK_ADMIN_PASSWORD differs from the admin password stored in the database and is ignored: it only sets the password of a new database; change the password with UpdateAccount (docs/security.md)');
    }
  }

  private warnDefaultPassword(): void {
    this.log.warn('the admin account still has the default password (password): change it with UpdateAccount (docs/security.md)');
  }

  /** `clientAddress` is the caller's address: repeated failures from it, or for the
   *  account, are refused for a while (LoginThrottle). */
  async login(accountName: string, passwordDigest: string, clientAddress: string): Promise<Record<string, unknown>> {
    const waitMs = this.throttle.refusedFor(accountName, clientAddress);
    if (waitMs > 0) {
      this.log.warn({ accountName, clientAddress }, 'login refused: too many failures');
      throw ApiError.of(ErrorCodes.ID_WRONG_CREDENTIALS, `too many failed logins for account ${accountName} or from ${clientAddress}; retry in ${Math.ceil(waitMs / 1000)} s`);
    }
    const account = await this.db.getRepository(AccountEntity).findOneBy({ name: accountName });
    if (!(await passwordMatches(account, passwordDigest))) {
      this.throttle.failed(accountName, clientAddress);
      this.log.info({ accountName, clientAddress }, 'login refused');
      throw ApiError.of(ErrorCodes.ID_WRONG_CREDENTIALS, 'wrong account name or password');
    }
    this.throttle.succeeded(accountName);
    const now = new Date();
    const sessions = this.db.getRepository(SessionEntity);
    await sessions.createQueryBuilder().delete().where('"accountUuid" = :a AND "expiredDate" < :now', { a: account!.uuid, now }).execute();
    const count = await sessions.countBy({ accountUuid: account!.uuid });
    if (count >= this.config.maxSessionsPerAccount) {
      throw ApiError.of(ErrorCodes.ID_MAX_SESSIONS, `account ${accountName} already has ${count} sessions, the most allowed (${this.config.maxSessionsPerAccount}); log out of some first`);
    }
    const session: SessionEntity = {
      uuid: newUuid(),
      accountUuid: account!.uuid,
      userUuid: account!.uuid,
      expiredDate: new Date(now.getTime() + this.config.sessionTimeoutSeconds * 1000),
      createDate: now,
    };
    await sessions.insert(session);
    this.log.info({ accountName }, 'logged in');
    return {
      uuid: session.uuid,
      accountUuid: session.accountUuid,
      userUuid: session.userUuid,
      expiredDate: formatZStackDate(session.expiredDate),
      createDate: formatZStackDate(session.createDate),
    };
  }

  async logout(sessionUuid: string): Promise<void> {
    this.recentlyChecked.delete(sessionUuid);
    await this.db.getRepository(SessionEntity).delete({ uuid: sessionUuid });
  }

  get trustProxy(): boolean {
    return this.config.trustProxy;
  }

  /** The session named by an `Authorization: OAuth <session uuid>` header. */
  authenticateHeader(header: string | undefined): Promise<AuthenticatedSession> {
    if (!header) throw ApiError.invalidArgument('missing header Authorization: OAuth <session uuid>');
    const m = /^OAuth\s+(\S+)$/i.exec(header.trim());
    if (!m) throw ApiError.invalidArgument('header Authorization must be "OAuth <session uuid>"');
    return this.authenticate(m[1]);
  }

  /** Checks a session and slides its expiry; ID.1001 when it is unknown or expired. */
  async authenticate(sessionUuid: string): Promise<AuthenticatedSession> {
    const cached = this.recentlyChecked.get(sessionUuid);
    if (cached && cached.until > Date.now()) return cached.session;
    const sessions = this.db.getRepository(SessionEntity);
    const session = /^[0-9a-f]{32}$/.test(sessionUuid) ? await this.findSession(sessionUuid) : null;
    const now = Date.now();
    if (!session || session.expiredDate.getTime() <= now) {
      throw ApiError.of(ErrorCodes.ID_INVALID_SESSION, 'the session is invalid or has expired; log in again');
    }
    const expires = now + this.config.sessionTimeoutSeconds * 1000;
    const granularity = Math.min(SLIDE_GRANULARITY_MS, this.config.sessionTimeoutSeconds * 100);
    if (expires - session.expiredDate.getTime() > granularity) {
      await sessions.update({ uuid: session.uuid }, { expiredDate: new Date(expires) });
    }
    const checked = { uuid: session.uuid, accountUuid: session.accountUuid, userUuid: session.userUuid, accountType: session.accountType };
    if (this.recentlyChecked.size >= SESSION_CACHE_MAX) this.recentlyChecked.clear();
    this.recentlyChecked.set(session.uuid, { session: checked, until: Math.min(now + SESSION_CACHE_MS, session.expiredDate.getTime()) });
    return checked;
  }

  private async findSession(uuid: string): Promise<(SessionEntity & { accountType: string }) | null> {
    const rows = (await this.db.query(
      `SELECT s."uuid", s."accountUuid", s."userUuid", s."expiredDate", s."createDate", a."type" AS "accountType"
         FROM "session" s JOIN "account" a ON a."uuid" = s."accountUuid" WHERE s."uuid" = $1`,
      [uuid],
    )) as (SessionEntity & { accountType: string })[];
    const row = rows[0];
    return row ? { ...row, expiredDate: new Date(row.expiredDate) } : null;
  }

  /** ZStack's rule: every hardware API is for admin accounts only; the identity APIs
   *  check what each may do themselves (a normal account updates only itself...). */
  authorize(session: AuthenticatedSession, api: ApiSpec): void {
    if (isAdmin(session) || IDENTITY_API_NAMES.has(api.name)) return;
    throw ApiError.of(ErrorCodes.ID_PERMISSION_DENIED, `${api.name} is for admin accounts only; account ${session.accountUuid} is a normal account`);
  }

  /** A job's result is for the account that made the call, and for admins. */
  authorizeJobRead(session: AuthenticatedSession, ownerAccountUuid: string): void {
    if (isAdmin(session) || session.accountUuid === ownerAccountUuid) return;
    throw ApiError.of(ErrorCodes.ID_PERMISSION_DENIED, 'this job belongs to another account');
  }

  /** Forgets cached sessions of an account whose rights or password changed. */
  forgetAccount(accountUuid: string): void {
    for (const [uuid, entry] of this.recentlyChecked) if (entry.session.accountUuid === accountUuid) this.recentlyChecked.delete(uuid);
  }
}
