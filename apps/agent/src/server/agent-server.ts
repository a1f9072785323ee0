// The agent's HTTP edge (node:http only, so the bundle carries no framework): the bearer
// secret, the path, the JSON body, one log line a request. What each path does is in
// agent-routes.ts.
import { AGENT_KEEP_ALIVE_MS, type AgentReply } from '#agent-protocol';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AgentOperationError, failedReply, internalError, invalidArgument, notFound, unauthorized } from '../agent-errors.js';
import type { AgentLog } from '../agent-log.js';
import type { RouteHandler } from './agent-routes.js';
import type { RawRequestHandler } from './image-download.js';

export interface AgentServerOptions {
  secret: string;
  log: AgentLog;
  routes: Map<string, RouteHandler>;
  /** Paths that answer with their own bytes and their own authority (image downloads), asked
   *  first; each says whether the request was its. */
  rawHandlers?: RawRequestHandler[];
}

interface Answer {
  status: number;
  body: AgentReply;
}

/** Commands are small; a megabyte is far more than any needs. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createAgentServer(options: AgentServerOptions): Server {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((err: Error) => {
      // The client went away mid-answer: nothing to answer, but the agent keeps serving.
      options.log.write('response-failed', { path: req.url ?? null, message: err.message });
    });
  });
  server.keepAliveTimeout = AGENT_KEEP_ALIVE_MS;
  return server;
}

/** Resolves once listening; rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL...). */
export function listen(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // \`on\`, not \`once\`: a second error while listening must not find the server without a listener.
    server.on('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, options: AgentServerOptions): Promise<void> {
  const startedAt = Date.now();
  const url = new URL(req.url ?? '/', 'http://agent');
  const path = url.pathname;
  for (const raw of options.rawHandlers ?? []) {
    if (await raw(req, res, url)) {
      options.log.write('request', { method: req.method, path, status: res.statusCode, error: null, durationMs: Date.now() - startedAt, remote: req.socket.remoteAddress ?? null });
      return;
    }
  }
  const { status, body } = await answer(req, path, options);
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  options.log.write('request', {
    method: req.method,
    path,
    status,
    error: body.error?.code ?? null,
    durationMs: Date.now() - startedAt,
    remote: req.socket.remoteAddress ?? null,
  });
}

async function answer(req: IncomingMessage, path: string, options: AgentServerOptions): Promise<Answer> {
  // The secret first: without it a caller learns nothing, not even which paths exist.
  if (!authorized(req.headers.authorization, options.secret)) return { status: 401, body: failedReply(unauthorized()) };
  const handler = options.routes.get(path);
  if (!handler) return { status: 404, body: failedReply(notFound(path)) };
  if (req.method !== 'POST') return { status: 405, body: failedReply(invalidArgument(`${path} takes POST, not ${req.method}`)) };
  try {
    return { status: 200, body: await handler(await readJsonBody(req)) };
  } catch (err) {
    if (err instanceof AgentOperationError) return { status: err.httpStatus, body: failedReply(err.error) };
    const message = err instanceof Error ? err.message : String(err);
    options.log.write('internal-error', { path, message, stack: err instanceof Error ? err.stack : null });
    return { status: 500, body: failedReply(internalError(message)) };
  }
}

/** Both sides hashed first: timingSafeEqual wants equal lengths, and comparing digests keeps
 *  the secret's length from leaking through timing too. */
export function authorized(header: string | undefined, secret: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(secret));
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AgentOperationError(invalidArgument(`the body is larger than ${MAX_BODY_BYTES} bytes`), 413);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AgentOperationError(invalidArgument('the body is not JSON'), 400);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AgentOperationError(invalidArgument('the body must be a JSON object'), 400);
  }
  return parsed as Record<string, unknown>;
}
