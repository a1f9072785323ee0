import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountApis } from './account/account-apis.js';
import { AccountRoutes } from './account/account-routes.js';
import { AccountService } from './account/account.service.js';
import { ApiDispatcher } from './api-call/api-dispatcher.js';
import { ApiCommandRegistry } from './api/api-command-registry.js';
import { CoreModule } from './core.module.js';
import { FAMILIES } from './families.js';
import { HealthCheck } from './health/health.js';
import { JobMaintenance } from './job/job-maintenance.js';
import { JobStore } from './job/job-store.js';
import { JobWorker } from './job/job-worker.js';
import { ManagementNode } from './management-node.js';
import { MessageApiRouter } from './message-api/message-api-router.js';
import { QueryEngine } from './query/query-engine.js';
import { RestRouter } from './rest/rest-router.js';
import { SessionRoutes } from './rest/session-routes.js';
import { WebhookSender } from './webhook/webhook-sender.js';

@Module({
  imports: [CoreModule, CqrsModule.forRoot(), ...FAMILIES.flatMap((f) => (f.module ? [f.module] : []))],
  providers: [AccountService, AccountApis, AccountRoutes, ApiCommandRegistry, JobStore, JobWorker, JobMaintenance, WebhookSender, QueryEngine, SessionRoutes, ApiDispatcher, RestRouter, MessageApiRouter, HealthCheck, ManagementNode],
})
export class AppModule {}
