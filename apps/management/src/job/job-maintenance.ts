// Background care of the job store, on every node: re-publishing commands that may have
// been lost, and deleting results nobody read within their TTL.
import { Inject, Injectable } from '@nestjs/common';
import type { CommandTransport } from '#bus';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { COMMAND_TRANSPORT } from '../bus/bus.tokens.js';
import { logger } from '../logging/logger.js';
import { JobStore } from './job-store.js';

@Injectable()
export class JobMaintenance {
  private readonly log = logger('job-maintenance');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    @Inject(COMMAND_TRANSPORT) private readonly transport: CommandTransport,
    private readonly jobs: JobStore,
  ) {}

  async start(): Promise<void> {
    if (this.transport.kind === 'in-process') {
      // The embedded bus kept its queue in memory: whatever was unfinished at the last
      // stop runs again now, oldest first.
      const pending = await this.jobs.unfinished();
      for (const job of pending) await this.republish(job);
      if (pending.length) this.log.info({ count: pending.length }, 're-published unfinished jobs after restart');
    }
    const recoverEveryMs = Math.max(1000, Math.min(60_000, (this.config.jobRecoverAfterSeconds * 1000) / 2));
    this.timers.push(setInterval(() => void this.recoverStale(), recoverEveryMs).unref());
    this.timers.push(setInterval(() => void this.expire(), 60_000).unref());
  }

  stop(): void {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  private async recoverStale(): Promise<void> {
    try {
      const stale = await this.jobs.claimStale(this.config.jobRecoverAfterSeconds, 100);
      for (const job of stale) await this.republish(job);
      if (stale.length) this.log.warn({ count: stale.length }, 're-published jobs that stayed unfinished');
    } catch (err) {
      this.log.warn({ err: String(err) }, 'stale job recovery failed; will retry');
    }
  }

  private async expire(): Promise<void> {
    try {
      await this.jobs.deleteExpired();
    } catch (err) {
      this.log.warn({ err: String(err) }, 'expiring job results failed; will retry');
    }
  }

  private republish(job: { uuid: string; apiName: string; resourceUuid: string | null }): Promise<void> {
    return this.transport.publish({ jobUuid: job.uuid, apiName: job.apiName, partitionKey: job.resourceUuid ?? job.uuid });
  }
}
