// Serves the admin console (apps/ui, built by `npm run build` to dist/ui) at `/`. Any
// path that is not a file is the single-page app's own route, so it gets index.html.
// Hashed assets (dist/ui/assets/*) never change under their name: cached for a year;
// index.html is revalidated so a new build is picked up at once.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** dist/ui beside dist/apps (this file is dist/apps/management/src/ui/ui-static.js). */
export const UI_DIR = resolve(import.meta.dirname, '../../../../ui');

function fileAt(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Answers a GET/HEAD below `/` from the built console. */
export function serveUi(req: IncomingMessage, res: ServerResponse, pathname: string, root = UI_DIR): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad path');
    return;
  }
  // Resolved below the root, or not at all: `..` and absolute tricks fall back to index.html.
  const candidate = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  const inside = candidate.startsWith(root + sep) && !decoded.includes('\0');
  const asset = inside && fileAt(candidate);
  const index = join(root, 'index.html');
  if (!asset && (decoded.startsWith('/assets/') || !fileAt(index))) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(fileAt(index) ? 'no such asset' : 'the console is not built: run npm run build');
    return;
  }
  const file = asset ? candidate : index;
  const hashed = asset && decoded.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
