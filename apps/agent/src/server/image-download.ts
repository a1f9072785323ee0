// GET /image-store/download/<imageUuid>?store=…&expires=…&token=…: an exported image's bytes;
// GET /vm/volume/download/<shareId>: a file a volume migration shares. No bearer secret (the
// URL is handed to whoever downloads); the token or share id and the expiry are the
// authority, and every refusal looks the same, so a guesser learns nothing.
import { ImageStoreAgentPath, VmAgentPath } from '#agent-protocol';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImageStoreDriver } from '../drivers/image-store/image-store-driver.js';
import { IMAGE_UUID } from '../drivers/image-store/store-layout.js';
import { SHARE_ID, type VolumeTransferDriver } from '../drivers/vm/volume-transfer-driver.js';

/** Answers the request and returns true when it is a download; false leaves it to the JSON routes. */
export type RawRequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** GET /vm/volume/download/<shareId>: a file a volume migration shares, while the share lasts. */
export function volumeDownloadHandler(driver: VolumeTransferDriver): RawRequestHandler {
  const prefix = `${VmAgentPath.volumeDownload}/`;
  return async (req, res, url) => {
    if (!url.pathname.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const shareId = url.pathname.slice(prefix.length);
    return answerDownload(req, res, SHARE_ID.test(shareId) ? await driver.open(shareId) : null);
  };
}

export function imageDownloadHandler(driver: ImageStoreDriver): RawRequestHandler {
  const prefix = `${ImageStoreAgentPath.download}/`;
  return async (req, res, url) => {
    if (!url.pathname.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const imageUuid = decodeURIComponent(url.pathname.slice(prefix.length));
    const store = url.searchParams.get('store') ?? '';
    const expires = Number(url.searchParams.get('expires'));
    const token = url.searchParams.get('token') ?? '';
    const wellFormed = IMAGE_UUID.test(imageUuid) && store.startsWith('/') && Number.isSafeInteger(expires);
    return answerDownload(req, res, wellFormed ? await driver.openDownload(store, imageUuid, expires, token) : null);
  };
}

async function answerDownload(req: IncomingMessage, res: ServerResponse, download: { stream: Readable; size: number } | null): Promise<boolean> {
  if (!download) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('this download URL is not valid, or has expired\n');
    return true;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': download.size });
  if (req.method === 'HEAD') {
    download.stream.destroy();
    res.end();
    return true;
  }
  await pipeline(download.stream, res);
  return true;
}
