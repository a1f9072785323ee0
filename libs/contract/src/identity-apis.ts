// Login and logout: account APIs outside the hardware volume, which every client needs
// first. The router serves them beside the catalogue's APIs (rest.md says how).
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
];
