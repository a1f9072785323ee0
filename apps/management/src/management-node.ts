// Starts and stops the node's moving parts in order: the admin account, the command
// consumer, job maintenance, the webhook sender, the node ring and the host ping tracker;
// on shutdown, the reverse.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CommandTransport } from '#bus';
import type { DataSource } from 'typeorm';
import { AccountService } from './account/account.service.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from './config/config.js';
import { COMMAND_TRANSPORT } from './bus/bus.tokens.js';
import { DATA_SOURCE } from './database/database.tokens.js';
import { HostPingTracker } from './host/host-ping-tracker.js';
import { JobMaintenance } from './job/job-maintenance.js';
import { ManagementNodeRing } from './management-node/management-node-ring.js';
import { JobWorker } from './job/job-worker.js';
import { logger } from './logging/logger.js';
import { WebhookSender } from './webhook/webhook-sender.js';

@Injectable()
export class ManagementNode implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = logger('node');

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(COMMAND_TRANSPORT) private readonly transport: CommandTransport,
    private readonly accounts: AccountService,
    private readonly worker: JobWorker,
    private readonly maintenance: JobMaintenance,
    private readonly webhooks: WebhookSender,
    private readonly ring: ManagementNodeRing,
    private readonly pingTracker: HostPingTracker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.accounts.ensureAdmin();
    this.worker.onFinished = () => this.webhooks.wake();
    await this.transport.start(this.worker.run, this.worker.delivered);
    await this.maintenance.start();
    this.webhooks.start();
    await this.ring.start();
    this.pingTracker.start();
    this.log.info({ nodeId: this.config.nodeId, database: this.config.databaseUrl ? 'postgresql' : 'embedded', bus: this.transport.kind }, 'management node started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pingTracker.stop();
    await this.ring.stop();
    this.maintenance.stop();
    await this.webhooks.stop();
    await this.transport.close();
    await this.db.destroy().catch(() => undefined);
    this.log.info('management node stopped');
  }
}
