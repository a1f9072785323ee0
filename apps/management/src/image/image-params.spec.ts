// The pure checks AddImage and AddImageStoreBackupStorage make before touching a host.
import { expect, it } from 'vitest';
import { storeDirectoryOf } from '../backup-storage/image-store/commands/add-image-store-backup-storage.js';
import { expectedChecksumsOf } from './commands/add-image.js';

it('reads expected checksums from md5:: and sha256:: system tags, and refuses malformed ones', () => {
  const sha = 'AB'.repeat(32);
  expect(expectedChecksumsOf(['other::tag', `md5::${'0f'.repeat(16)}`, `sha256::${sha}`])).toEqual({ expectedMd5: '0f'.repeat(16), expectedSha256: sha.toLowerCase() });
  expect(expectedChecksumsOf([])).toEqual({});
  expect(() => expectedChecksumsOf(['md5::abc'])).toThrow(/a md5 checksum is 32 hex digits/);
  expect(() => expectedChecksumsOf([`sha256::${'g'.repeat(64)}`])).toThrow(/64 hex digits/);
});

it('takes a store directory only as an absolute path, normalised', () => {
  expect(storeDirectoryOf('/data/imagestore/')).toBe('/data/imagestore');
  expect(storeDirectoryOf('/data//a/../imagestore')).toBe('/data/imagestore');
  expect(() => storeDirectoryOf('data/imagestore')).toThrow(/not an absolute directory/);
  expect(() => storeDirectoryOf('/')).toThrow(/whole file system/);
});
