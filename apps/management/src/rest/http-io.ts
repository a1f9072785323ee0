// Small HTTP helpers for the REST router: reading a JSON body, writing JSON answers and
// ZStack error bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, ErrorCodes, type ZStackError, zstackError } from '#contract';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw ApiError.invalidArgument(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw ApiError.invalidArgument(`the request body is not valid JSON: ${(err as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw ApiError.invalidArgument('the request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, error: ZStackError, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error }, headers);
}

export function notFound(res: ServerResponse, what: string): void {
  sendError(res, 404, zstackError(ErrorCodes.INVALID_ARGUMENT, what));
}
