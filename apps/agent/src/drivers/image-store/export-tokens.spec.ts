import { describe, expect, it } from 'vitest';
import { exportToken, tokenValid, type ExportRecord } from './export-tokens.js';

const record: ExportRecord = { imageUuid: 'img-1', expiresAtMs: 2_000, nonce: 'n1' };
const token = exportToken('secret', '/store', record);

describe('export tokens', () => {
  it('accept the token made for the record until it expires', () => {
    expect(tokenValid('secret', '/store', record, 2_000, token, 1_999)).toBe(true);
    expect(tokenValid('secret', '/store', record, 2_000, token, 2_000)).toBe(false);
  });

  it('refuse another secret, store, expiry, nonce or a malformed token', () => {
    expect(tokenValid('other', '/store', record, 2_000, token, 0)).toBe(false);
    expect(tokenValid('secret', '/other', record, 2_000, token, 0)).toBe(false);
    expect(tokenValid('secret', '/store', record, 9_000, token, 0)).toBe(false);
    expect(tokenValid('secret', '/store', { ...record, nonce: 'n2' }, 2_000, token, 0)).toBe(false);
    expect(tokenValid('secret', '/store', record, 2_000, 'zz', 0)).toBe(false);
  });
});
