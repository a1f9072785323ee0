// Opens what an import reads: an http(s) URL (redirects followed, any status but 200 an error)
// or a file on the host (file:///path, or an absolute path).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export interface ImageSource {
  stream: Readable;
  /** From Content-Length or the file's size; null when the server does not say. */
  totalBytes: number | null;
}

/** The source cannot be read; the message names the URL and what it answered. */
export class ImageSourceError extends Error {}

export async function openImageSource(url: string): Promise<ImageSource> {
  if (/^https?:\/\//i.test(url)) return openHttp(url);
  if (url.startsWith('file://') || isAbsolute(url)) return openFile(url.startsWith('file://') ? fileURLToPath(url) : url);
  throw new ImageSourceError(`${url} is neither an http(s) URL nor a file on the host`);
}

async function openHttp(url: string): Promise<ImageSource> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    throw new ImageSourceError(`cannot download ${url}: ${cause?.message ?? (err as Error).message}`);
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    throw new ImageSourceError(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const length = Number(response.headers.get('content-length'));
  return { stream: Readable.fromWeb(response.body as never), totalBytes: Number.isSafeInteger(length) && length >= 0 && response.headers.has('content-length') ? length : null };
}

async function openFile(path: string): Promise<ImageSource> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImageSourceError(`${path} is not a regular file`);
    return { stream: createReadStream(path), totalBytes: info.size };
  } catch (err) {
    if (err instanceof ImageSourceError) throw err;
    throw new ImageSourceError(`cannot read ${path}: ${(err as Error).message}`);
  }
}
