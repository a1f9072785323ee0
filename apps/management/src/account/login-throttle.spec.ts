import { expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

it('refuses an account after N failures in a row, doubling the wait; other accounts and addresses are unaffected', () => {
  let now = 0;
  const throttle = new LoginThrottle(3, 1000, () => now);
  for (let i = 0; i < 2; i++) throttle.failed('admin', '10.0.0.1');
  expect(throttle.refusedFor('admin', '10.0.0.1')).toBe(0);
  throttle.failed('admin', '10.0.0.1');
  expect(throttle.refusedFor('admin', '10.0.0.2')).toBe(1000); // the account, from any address
  expect(throttle.refusedFor('bob', '10.0.0.1')).toBe(1000); // the address, for any account
  expect(throttle.refusedFor('bob', '10.0.0.2')).toBe(0);
  now = 1000;
  expect(throttle.refusedFor('admin', '10.0.0.2')).toBe(0);
  throttle.failed('admin', '10.0.0.2');
  expect(throttle.refusedFor('admin', '10.0.0.3')).toBe(2000);
  throttle.succeeded('admin', '10.0.0.2');
  expect(throttle.refusedFor('admin', '10.0.0.3')).toBe(0);
});
