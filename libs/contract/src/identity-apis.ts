// Accounts and sessions: ZStack's identity APIs an operator needs, outside the hardware
// volume, with ZStack's paths, body keys and replies (its SDK's *Action classes). The
// account routes serve them beside the catalogue's APIs (rest.md, security.md).
//
// ZStack runs CreateAccount and UpdateAccount as jobs (202, then poll); here they answer
// at once with 200 and the event's body, which ZStack's SDKs read as the result just the
// same (ZSClient and zssdk take a 200 as the final answer). Passwords are the sha512 hex
// digest of the password, as LogInByAccount sends it.
import type { ApiSpec } from './types.js';

export const IDENTITY_APIS: readonly ApiSpec[] = [
  {
    name: 'LogInByAccount',
    section: 'identity',
    summary: 'Log in with an account name and the sha512 hex digest of its password.',
    method: 'PUT',
    path: '/v1/accounts/login',
    altPaths: [],
    bodyKey: 'logInByAccount',
    async: false,
    params: [
      { name: 'accountName', type: 'String', in: 'body.params', required: true, description: 'Account name' },
      { name: 'password', type: 'String', in: 'body.params', required: true, description: 'sha512 hex digest of the password' },
    ],
    reply: { kind: 'inventory', key: 'inventory', type: 'SessionInventory' },
  },
  {
    name: 'LogOut',
    section: 'identity',
    summary: 'End a session.',
    method: 'DELETE',
    path: '/v1/accounts/sessions/{sessionUuid}',
    altPaths: [],
    bodyKey: null,
    async: false,
    params: [{ name: 'sessionUuid', type: 'String', in: 'url', required: true, description: 'The session to end' }],
    reply: { kind: 'empty' },
  },
  {
    name: 'CreateAccount',
    section: 'identity',
    summary: 'Create an account (admin only).',
    method: 'POST',
    path: '/v1/accounts',
    altPaths: [],
    bodyKey: 'params',
    async: false,
    params: [
      { name: 'name', type: 'String', in: 'body.params', required: true, description: 'Account name (at most 255 characters)' },
      { name: 'password', type: 'String', in: 'body.params', required: true, description: 'sha512 hex digest of the password' },
      { name: 'type', type: 'String', in: 'body.params', required: false, values: ['SystemAdmin', 'Normal'], description: 'Normal (default) or SystemAdmin' },
      { name: 'description', type: 'String', in: 'body.params', required: false, description: 'At most 2048 characters' },
      { name: 'resourceUuid', type: 'String', in: 'body.params', required: false, description: 'The new account\'s uuid, if the caller chooses it' },
    ],
    reply: { kind: 'inventory', key: 'inventory', type: 'AccountInventory' },
  },
  {
    name: 'UpdateAccount',
    section: 'identity',
    summary: 'Change an account\'s name, description or password (its own, or any as admin).',
    method: 'PUT',
    path: '/v1/accounts/{uuid}',
    altPaths: [],
    bodyKey: 'updateAccount',
    async: false,
    params: [
      { name: 'uuid', type: 'String', in: 'url', required: true, description: 'The account' },
      { name: 'password', type: 'String', in: 'body.params', required: false, description: 'sha512 hex digest of the new password' },
      { name: 'oldPassword', type: 'String', in: 'body.params', required: false, description: 'sha512 hex digest of the current password; required when a normal account changes its own' },
      { name: 'name', type: 'String', in: 'body.params', required: false, description: 'New name' },
      { name: 'description', type: 'String', in: 'body.params', required: false, description: 'New description' },
    ],
    reply: { kind: 'inventory', key: 'inventory', type: 'AccountInventory' },
  },
  {
    name: 'ValidateSession',
    section: 'identity',
    summary: 'Whether a session is valid (no session needed).',
    method: 'GET',
    path: '/v1/accounts/sessions/{sessionUuid}/valid',
    altPaths: [],
    bodyKey: null,
    async: false,
    params: [{ name: 'sessionUuid', type: 'String', in: 'url', required: true, description: 'The session to check' }],
    reply: { kind: 'fields', key: null, type: null, fields: [{ name: 'valid', type: 'Boolean' }] },
  },
  {
    name: 'QueryAccount',
    section: 'identity',
    summary: 'Query accounts: every account for an admin, its own for a normal account.',
    method: 'GET',
    path: '/v1/accounts',
    altPaths: ['/v1/accounts/{uuid}'],
    bodyKey: null,
    async: false,
    params: [{ name: 'uuid', type: 'String', in: 'url', required: false, description: 'One account' }],
    reply: { kind: 'inventories', key: 'inventories', type: 'AccountInventory' },
  },
  {
    name: 'QuerySession',
    section: 'identity',
    summary: 'Query sessions: every session for an admin, its own for a normal account (not in ZStack 3.x: path after its conventions).',
    method: 'GET',
    path: '/v1/accounts/sessions',
    altPaths: ['/v1/accounts/sessions/{uuid}'],
    bodyKey: null,
    async: false,
    params: [{ name: 'uuid', type: 'String', in: 'url', required: false, description: 'One session' }],
    reply: { kind: 'inventories', key: 'inventories', type: 'SessionInventory' },
  },
];
