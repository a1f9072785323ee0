// The management node: `npm start`. Configuration comes from the environment
// (docs/configuration.md).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APIS, buildOpenApi, INVENTORIES } from '#contract';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppModule } from './app.module.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from './config/config.js';
import { HealthCheck } from './health/health.js';
import { AgentCallbacks, CALLBACK_PATH } from './host/kvm/agent-callbacks.js';
import { installProcessGuard } from './job/job-guard.js';
import { logger } from './logging/logger.js';
import { notFound, sendJson } from './rest/http-io.js';
import { RestRouter } from './rest/rest-router.js';
import { serveUi } from './ui/ui-static.js';

const log = logger('main');

export async function startManagementNode(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  const config = app.get<ManagementConfig>(MANAGEMENT_CONFIG);
  const router = app.get(RestRouter);
  const health = app.get(HealthCheck);
  const agentCallbacks = app.get(AgentCallbacks);
  let openApi: unknown = null;

  app.use((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return void health.handle(res);
    if (url.pathname === '/zstack/openapi.json') {
      openApi ??= buildOpenApi(APIS, INVENTORIES);
      return sendJson(res, 200, openApi);
    }
    if (url.pathname.startsWith(CALLBACK_PATH) && req.method === 'POST') {
      return void agentCallbacks.handle(req, res, url.pathname.slice(CALLBACK_PATH.length)).catch(() => notFound(res, 'bad agent callback'));
    }
    if (url.pathname.startsWith('/zstack/')) return void router.handle(req, res, url.pathname.slice('/zstack'.length), url.searchParams);
    serveUi(req, res, url.pathname);
  });
  await app.listen(config.port, config.host);
  log.info({ port: config.port }, `listening on http://${config.host}:${config.port}/zstack/v1`);
  return app;
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  // An error nobody handled is logged (and fails the job that raised it), never the end of the node.
  installProcessGuard(logger('process-guard'));
  startManagementNode().catch((err) => {
    log.fatal({ err }, 'the management node failed to start');
    process.exit(1);
  });
}
