import { expect, it } from 'vitest';
import { hashPasswordDigest, sha512Hex, verifyPasswordDigest } from './password-hash.js';

it('stores only a salted scrypt hash of the sha512 digest, and verifies it', async () => {
  const digest = sha512Hex('password');
  expect(digest).toBe('b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86');
  const stored = await hashPasswordDigest(digest);
  expect(stored).not.toContain(digest);
  expect(stored).toMatch(/^scrypt\$/);
  expect(await hashPasswordDigest(digest)).not.toBe(stored); // salted
  expect(await verifyPasswordDigest(digest, stored)).toBe(true);
  expect(await verifyPasswordDigest(sha512Hex('Password'), stored)).toBe(false);
});
