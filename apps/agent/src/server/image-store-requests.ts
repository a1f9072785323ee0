// The bodies of the image-store commands.
import type { ImageImportCommand } from '#agent-protocol';
import { normalize } from 'node:path';
import { IMAGE_UUID } from '../drivers/image-store/store-layout.js';
import { isHttpUrl } from './agent-requests.js';
import { absolutePath, integer, invalid, optionalText, text } from './request-fields.js';

const hex = (length: number) => (value: string): boolean => new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value);

/** A store folder: absolute, and said the short way, so each store has one name (its tokens
 *  are bound to it). */
export function storePathOf(body: Record<string, unknown>): string {
  const path = text(body, 'storePath', absolutePath, 'must be an absolute path');
  const normal = normalize(path).replace(/(.)\/+$/, '$1');
  if (normal !== path) throw invalid(`storePath must be written without ., .. or trailing slashes (${normal})`);
  return path;
}

export function imageUuidOf(body: Record<string, unknown>): string {
  return text(body, 'imageUuid', (v) => IMAGE_UUID.test(v), 'must be letters, digits and dashes (an image uuid)');
}

export function importCommandOf(body: Record<string, unknown>, sha256Required: boolean): ImageImportCommand {
  const url = text(body, 'url', (v) => isHttpUrl(v) || v.startsWith('file:///') || absolutePath(v), 'must be an http(s) URL, a file:/// URL or an absolute path');
  const expectedSha256 = sha256Required ? text(body, 'expectedSha256', hex(64), 'must be 64 hex digits') : optionalText(body, 'expectedSha256', hex(64), 'must be 64 hex digits');
  return {
    storePath: storePathOf(body),
    imageUuid: imageUuidOf(body),
    taskUuid: text(body, 'taskUuid', (v) => v !== '', 'must be a non-empty string'),
    callbackUrl: text(body, 'callbackUrl', isHttpUrl, 'must be an http(s) URL'),
    progressUrl: optionalText(body, 'progressUrl', isHttpUrl, 'must be an http(s) URL'),
    url,
    expectedSha256,
    expectedMd5: optionalText(body, 'expectedMd5', hex(32), 'must be 32 hex digits'),
  };
}

/** Default 24 h, at most 30 days. */
export const expiresInSecondsOf = (body: Record<string, unknown>): number => integer(body, 'expiresInSeconds', 24 * 3600, 1, 30 * 24 * 3600);
