import { expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

// The shapes node-postgres and TypeORM give when a database
// refuses connections (ALTER DATABASE ... ALLOW_CONNECTIONS false), when backends are
// terminated and when the port is closed; test/security.test.ts drives a real outage.
it('knows an outage from its errors, and nothing else', () => {
  expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
  expect(isDatabaseUnavailable({ code: '55000', message: 'database "zstack_test_x" is not currently accepting connections' })).toBe(true);
  expect(isDatabaseUnavailable({ name: 'QueryFailedError', message: 'x', driverError: { code: 'ECONNREFUSED' } })).toBe(true);
  expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isDatabaseUnavailable({ errors: [{ code: 'ECONNREFUSED' }], message: '' })).toBe(true);
  expect(isDatabaseUnavailable({ code: '23505', message: 'duplicate key value violates unique constraint' })).toBe(false);
  expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
});
