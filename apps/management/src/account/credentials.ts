// Checking a login's password so that an unknown account name and a wrong password cost
// the same: both run one scrypt verification, the unknown name against a dummy hash made
// with the same parameters. Account names cannot be probed by timing.
import { randomBytes } from 'node:crypto';
import { hashPasswordDigest, sha512Hex, verifyPasswordDigest } from './password-hash.js';

let dummy: Promise<string> | null = null;

/** A hash no password digest matches, with the parameters of real ones. */
export function dummyPasswordHash(): Promise<string> {
  return (dummy ??= hashPasswordDigest(sha512Hex(randomBytes(32).toString('hex'))));
}

export async function passwordMatches(
  stored: { passwordHash: string } | null,
  digest: string,
  verify: (digest: string, hash: string) => Promise<boolean> = verifyPasswordDigest,
): Promise<boolean> {
  const ok = await verify(digest, stored?.passwordHash ?? (await dummyPasswordHash()));
  return ok && stored !== null;
}
