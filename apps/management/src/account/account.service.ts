// Accounts and sessions: login, logout, and the session check every API call makes.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ErrorCodes, formatZStackDate } from '#contract';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';
import { AccountEntity } from './account.entity.js';
import { hashPasswordDigest, sha512Hex, verifyPasswordDigest } from './password-hash.js';
import { SessionEntity } from './session.entity.js';

export const newUuid = () => randomUUID().replace(/-/g, '');

export interface AuthenticatedSession {
  uuid: string;
  accountUuid: string;
  userUuid: string;
}

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

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {}

  /** Creates the admin account at first start, from ZSTACK_ADMIN_PASSWORD. Several nodes
   *  may start at once: the unique name decides, the others do nothing. */
  async ensureAdmin(): Promise<void> {
    const existing = await this.db.getRepository(AccountEntity).findOneBy({ name: 'admin' });
    if (existing) return;
    const now = new Date();
    const passwordHash = await hashPasswordDigest(sha512Hex(this.config.adminPassword));
    await this.db
      .createQueryBuilder()
      .insert()
      .into(AccountEntity)
      .values({ uuid: '36c27e8ff05c4780bf6d2fa65700f22e', name: 'admin', type: 'SystemAdmin', passwordHash, createDate: now, lastOpDate: now })
      .orIgnore()
      .execute();
    this.log.info('created the admin account');
  }

  async login(accountName: string, passwordDigest: string): Promise<Record<string, unknown>> {
    const account = await this.db.getRepository(AccountEntity).findOneBy({ name: accountName });
    if (!account || !(await verifyPasswordDigest(passwordDigest, account.passwordHash))) {
      this.log.info({ accountName }, 'login refused');
      throw ApiError.of(ErrorCodes.ID_WRONG_CREDENTIALS, 'wrong account name or password');
    }
    const now = new Date();
    const sessions = this.db.getRepository(SessionEntity);
    await sessions.createQueryBuilder().delete().where('"accountUuid" = :a AND "expiredDate" < :now', { a: account.uuid, now }).execute();
    const count = await sessions.countBy({ accountUuid: account.uuid });
    if (count >= this.config.maxSessionsPerAccount) {
      throw ApiError.of(ErrorCodes.ID_MAX_SESSIONS, `account ${accountName} already has ${count} sessions, the most allowed (${this.config.maxSessionsPerAccount}); log out of some first`);
    }
    const session: SessionEntity = {
      uuid: newUuid(),
      accountUuid: account.uuid,
      userUuid: account.uuid,
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

  /** Checks a session and slides its expiry; ID.1001 when it is unknown or expired. */
  async authenticate(sessionUuid: string): Promise<AuthenticatedSession> {
    const cached = this.recentlyChecked.get(sessionUuid);
    if (cached && cached.until > Date.now()) return cached.session;
    const sessions = this.db.getRepository(SessionEntity);
    const session = /^[0-9a-f]{32}$/.test(sessionUuid) ? await sessions.findOneBy({ uuid: sessionUuid }) : null;
    const now = Date.now();
    if (!session || session.expiredDate.getTime() <= now) {
      throw ApiError.of(ErrorCodes.ID_INVALID_SESSION, 'the session is invalid or has expired; log in again');
    }
    const expires = now + this.config.sessionTimeoutSeconds * 1000;
    const granularity = Math.min(SLIDE_GRANULARITY_MS, this.config.sessionTimeoutSeconds * 100);
    if (expires - session.expiredDate.getTime() > granularity) {
      await sessions.update({ uuid: session.uuid }, { expiredDate: new Date(expires) });
    }
    const checked = { uuid: session.uuid, accountUuid: session.accountUuid, userUuid: session.userUuid };
    if (this.recentlyChecked.size >= SESSION_CACHE_MAX) this.recentlyChecked.clear();
    this.recentlyChecked.set(session.uuid, { session: checked, until: Math.min(now + SESSION_CACHE_MS, session.expiredDate.getTime()) });
    return checked;
  }
}
