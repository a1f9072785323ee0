// A local HTTP server on 127.0.0.1 serving generated files, as an image mirror would: with
// Content-Length, 404 for what it does not have, and optionally without a length (chunked).
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  bytes: Buffer;
  sha256: string;
  md5: string;
}

export interface FileServer {
  baseUrl: string;
  /** Serves `bytes` at `/<name>`; `/<name>?chunked` leaves Content-Length out; `/<name>?stall`
   *  sends the first half and then nothing, keeping the connection open. */
  add(name: string, bytes: Buffer): ServedFile;
  /** Cuts every open transfer (a stalled one, say); the server keeps listening. */
  dropConnections(): void;
  close(): Promise<void>;
}

export function generatedFile(size: number): Buffer {
  return randomBytes(size);
}

export function describeFile(bytes: Buffer): ServedFile {
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') };
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://files');
    const bytes = files.get(url.pathname.slice(1));
    if (!bytes) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, url.searchParams.has('chunked') ? {} : { 'content-length': bytes.length });
    if (url.searchParams.has('stall')) {
      res.write(bytes.subarray(0, bytes.length >> 1));
      return;
    }
    // In pieces, so the receiver sees the transfer progress.
    for (let at = 0; at < bytes.length; at += 256 * 1024) res.write(bytes.subarray(at, at + 256 * 1024));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    add(name, bytes) {
      files.set(name, bytes);
      return describeFile(bytes);
    },
    dropConnections: () => server.closeAllConnections(),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
