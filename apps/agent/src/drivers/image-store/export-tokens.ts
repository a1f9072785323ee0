// Download URLs for exported images: the token is an HMAC (the agent secret as key) of the store,
// the image, the expiry and a nonce kept in the export's record. Anyone holding the URL may
// download until it expires or the export is deleted (which removes the nonce); nobody can make
// one without the secret.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ExportRecord {
  imageUuid: string;
  /** Milliseconds since the epoch. */
  expiresAtMs: number;
  nonce: string;
}

export const newNonce = (): string => randomBytes(16).toString('hex');

export function exportToken(secret: string, storePath: string, record: ExportRecord): string {
  return createHmac('sha256', secret).update([storePath, record.imageUuid, String(record.expiresAtMs), record.nonce].join('\n')).digest('hex');
}

/** The token matches the record, and the record has not expired at `nowMs`. */
export function tokenValid(secret: string, storePath: string, record: ExportRecord, expiresAtMs: number, token: string, nowMs: number): boolean {
  if (record.expiresAtMs !== expiresAtMs || nowMs >= expiresAtMs) return false;
  const expected = Buffer.from(exportToken(secret, storePath, record), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(token) ? token : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
