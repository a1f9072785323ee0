import type { FamilyManifest } from '../api/family.js';
import { AccountEntity } from './account.entity.js';
import { SessionEntity } from './session.entity.js';

/** Accounts and sessions (login and logout are served by rest/session-routes.ts). */
export const ACCOUNT_FAMILY: FamilyManifest = { name: 'account', entities: [AccountEntity, SessionEntity] };
