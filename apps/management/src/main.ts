// The management node: `npm start`. Configuration comes from the environment
// (docs/configuration.md).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APIS, buildOpenApi, INVENTORIES } from '#contract';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppModule } from './app.module.js';
import { loadConfig, MANAGEMENT_CONFIG, type ManagementConfig } from './config/config.js';
import { startupFailureLine } from './config/startup-error.js';
import { HealthCheck } from './health/health.js';
import { HostAgentRoutes } from './host/host-agent-routes.js';
import { installProcessGuard } from './job/job-guard.js';
import { logger, nestLogger } from './logging/logger.js';
import { MessageApiRouter } from './message-api/message-api-router.js';
import { notFound, sendJson } from './rest/http-io.js';
import { RestRouter } from './rest/rest-router.js';
import { serveUi } from './ui/ui-static.js';

const log = logger('main');
const ZSTACK_V1 = '/zstack/v1/';

/** `rootModule`: AppModule, or a test's module that imports it and adds to it. */
export async function startManagementNode(rootModule: Type = AppModule): Promise<NestExpressApplication> {
  loadConfig(); // a bad setting stops the node here, before anything is opened
  // abortOnError: false, so a failure reaches the caller (one line, below) instead of abort().
  const app = await NestFactory.create<NestExpressApplication>(rootModule, { bodyParser: false, logger: nestLogger(), abortOnError: false });
  app.enableShutdownHooks();
  const config = app.get<ManagementConfig>(MANAGEMENT_CONFIG);
  const router = app.get(RestRouter);
  const messageApi = app.get(MessageApiRouter);
  const health = app.get(HealthCheck);
  const agentRoutes = app.get(HostAgentRoutes);
  let openApi: unknown = null;

  app.use((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return void health.handle(res);
    if (url.pathname === '/zstack/openapi.json') {
      openApi ??= buildOpenApi(APIS, INVENTORIES);
      return sendJson(res, 200, openApi);
    }
    if (agentRoutes.handle(req, res, url.pathname)) return;
    const below = url.pathname.slice('/zstack'.length);
    if (url.pathname.startsWith('/zstack/') && MessageApiRouter.serves(below)) return void messageApi.handle(req, res, below);
    if (url.pathname.startsWith('/zstack/')) return void router.handle(req, res, below, url.searchParams);
    serveUi(req, res, url.pathname);
  });
  // zstack/v1 calls and polls (most requests, and every job's) go to the REST router
  // directly: Express's router and middleware cost more than the router itself. Anything
  // else (and a path that leaves /zstack/v1/ once its dot segments are resolved) goes
  // through Express as before.
  const server = app.getHttpServer();
  const [express] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith(ZSTACK_V1)) {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname.startsWith(ZSTACK_V1)) {
        res.setHeader('X-Powered-By', 'Express'); // the header Express wrote: the wire stays as it was
        return void router.handle(req, res, url.pathname.slice('/zstack'.length), url.searchParams);
      }
    }
    express(req, res);
  });
  // A GET's list parameters travel in the URL: 1000 uuids (the contract's most, e.g.
  // GetPrimaryStorageCapacity's primaryStorageUuids) must reach the validator, not a 431.
  // Node reads the server's maxHeaderSize for each new connection (its typings omit it).
  Object.assign(server, { maxHeaderSize: 128 * 1024 });
  await app.listen(config.port, config.host);
  log.info({ port: config.port }, `listening on http://${config.host}:${config.port}/zstack/v1`);
  return app;
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  // An error nobody handled is logged (and fails the job that raised it), never the end of the node.
  installProcessGuard(logger('process-guard'));
  startManagementNode().catch((err) => {
    const line = startupFailureLine(err);
    if (line) process.stderr.write(`${line}\n`);
    else log.fatal({ err }, 'the management node failed to start');
    process.exit(1);
  });
}
