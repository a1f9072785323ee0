import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { installSecretBox, SecretBox, SecretOpenError } from './secret-box.js';
import { openRequestSecrets, sealRequestSecrets } from './request-secrets.js';

it('seals with AES-256-GCM, opens under the current or a retired key, refuses an altered value', () => {
  const oldKey = randomBytes(32);
  const sealedOld = new SecretBox(oldKey).seal('pa55word');
  expect(sealedOld).not.toContain('pa55word');
  const box = new SecretBox(randomBytes(32), [oldKey]);
  expect(box.open(sealedOld)).toBe('pa55word');
  expect(box.needsReseal(sealedOld)).toBe(true);
  const resealed = box.seal(box.open(sealedOld));
  expect(box.needsReseal(resealed)).toBe(false);
  expect(box.seal('x')).not.toBe(box.seal('x')); // a fresh IV each time
  expect(box.open('stored in clear by an older release')).toBe('stored in clear by an older release');
  expect(box.needsReseal('stored in clear by an older release')).toBe(true);
  // A node without the key fails the job with a ZStack error naming the key, not a retry loop.
  const withoutKey = (() => {
    try {
      new SecretBox(randomBytes(32)).open(sealedOld);
    } catch (err) {
      return err as SecretOpenError;
    }
  })();
  expect(withoutKey).toBeInstanceOf(SecretOpenError);
  expect(withoutKey!.body.code).toBe('SYS.1006');
  expect(withoutKey!.body.details).toMatch(/ZSTACK_SECRET_KEY/);
  const altered = resealed.slice(0, -2) + (resealed.endsWith('AA') ? 'BB' : 'AA');
  expect(() => box.open(altered)).toThrow(/altered/);
});

it('a password at the contract\'s bound (255 characters, 3 bytes each) seals within kvm_host.password (varchar 2048)', () => {
  const box = new SecretBox(randomBytes(32));
  expect(box.seal('\u20ac'.repeat(255)).length).toBeLessThanOrEqual(2048);
  expect(box.seal(randomBytes(32).toString('hex')).length).toBeLessThanOrEqual(256); // agentSecret
});

it('a job request keeps secret parameters sealed, and only those', () => {
  installSecretBox(new SecretBox(randomBytes(32)));
  const request = { params: { name: 'h1', password: 'pa55word', chapUserPassword: 'c', sshPort: 22 }, systemTags: [] };
  const sealed = sealRequestSecrets(request);
  expect(JSON.stringify(sealed)).not.toContain('pa55word');
  expect(sealed.params.name).toBe('h1');
  expect(sealed.params.sshPort).toBe(22);
  expect(openRequestSecrets(sealed)).toEqual(request);
});
