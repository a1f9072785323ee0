// GET /image-store/download/<imageUuid>?store=…&expires=…&token=…: an exported image's bytes.
// No bearer secret (the URL is handed to whoever downloads); the token and its expiry are the
// authority, and every refusal looks the same, so a guesser learns nothing.
import { ImageStoreAgentPath } from '#agent-protocol';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ImageStoreDriver } from '../drivers/image-store/image-store-driver.js';
import { IMAGE_UUID } from '../drivers/image-store/store-layout.js';

/** Answers the request and returns true when it is a download; false leaves it to the JSON routes. */
export type RawRequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export function imageDownloadHandler(driver: ImageStoreDriver): RawRequestHandler {
  const prefix = `${ImageStoreAgentPath.download}/`;
  return async (req, res, url) => {
    if (!url.pathname.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const imageUuid = decodeURIComponent(url.pathname.slice(prefix.length));
    const store = url.searchParams.get('store') ?? '';
    const expires = Number(url.searchParams.get('expires'));
    const token = url.searchParams.get('token') ?? '';
    const wellFormed = IMAGE_UUID.test(imageUuid) && store.startsWith('/') && Number.isSafeInteger(expires);
    const download = wellFormed ? await driver.openDownload(store, imageUuid, expires, token) : null;
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
  };
}
