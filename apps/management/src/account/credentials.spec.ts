import { expect, it } from 'vitest';
import { dummyPasswordHash, passwordMatches } from './credentials.js';
import { hashPasswordDigest, sha512Hex, verifyPasswordDigest } from './password-hash.js';

it('an unknown account and a wrong password run the same scrypt verification', async () => {
  const stored = { passwordHash: await hashPasswordDigest(sha512Hex('right')) };
  const verified: string[] = [];
  const spy = async (digest: string, hash: string) => {
    verified.push(hash.split('$').slice(0, 4).join('$')); // scheme and cost parameters
    return verifyPasswordDigest(digest, hash);
  };
  expect(await passwordMatches(stored, sha512Hex('wrong'), spy)).toBe(false);
  expect(await passwordMatches(null, sha512Hex('wrong'), spy)).toBe(false);
  expect(await passwordMatches(stored, sha512Hex('right'), spy)).toBe(true);
  expect(verified).toHaveLength(3);
  expect(new Set(verified).size).toBe(1); // same scheme, same N, r, p: the same work
  expect(await dummyPasswordHash()).toMatch(/^scrypt\$/);
});
