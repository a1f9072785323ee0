import { expect, it } from 'vitest';
import { ADDRESS_FACTOR, LoginThrottle } from './login-throttle.js';

it('refuses an account after N failures in a row, doubling the wait; other accounts are unaffected', () => {
  let now = 0;
  const throttle = new LoginThrottle(3, 1000, () => now);
  for (let i = 0; i < 2; i++) throttle.failed('admin', '10.0.0.1');
  expect(throttle.refusedFor('admin', '10.0.0.1')).toBe(0);
  throttle.failed('admin', '10.0.0.1');
  expect(throttle.refusedFor('admin', '10.0.0.2')).toBe(1000); // the account, from any address
  expect(throttle.refusedFor('bob', '10.0.0.1')).toBe(0); // another account, even from there
  now = 1000;
  expect(throttle.refusedFor('admin', '10.0.0.2')).toBe(0);
  throttle.failed('admin', '10.0.0.2');
  expect(throttle.refusedFor('admin', '10.0.0.3')).toBe(2000);
  throttle.succeeded('admin');
  expect(throttle.refusedFor('admin', '10.0.0.3')).toBe(0);
});

it('refuses an address after N x 4 failures over any accounts, and forgets it after a quiet while', () => {
  let now = 0;
  const throttle = new LoginThrottle(3, 1000, () => now);
  for (let i = 0; i < 3 * ADDRESS_FACTOR; i++) throttle.failed(`user${i}`, '10.0.0.9');
  expect(throttle.refusedFor('someone', '10.0.0.9')).toBe(1000);
  expect(throttle.refusedFor('someone', '10.0.0.8')).toBe(0);
  now = 16 * 60_000;
  expect(throttle.refusedFor('someone', '10.0.0.9')).toBe(0);
  throttle.failed('x', '10.0.0.9');
  expect(throttle.refusedFor('someone', '10.0.0.9')).toBe(0); // counting from one again
});
