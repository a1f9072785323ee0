import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostBackends } from '../host-backends.js';
import { hostOrFail } from '../host.repository.js';

export class ReconnectHostCommand extends apiCommand('ReconnectHost') {
  static readonly transactional = false;
}

/** Reconnects a host: its agent is redeployed when missing or outdated. The manual's
 *  reply is `{}`; the host's inventory shows the outcome. */
@CommandHandler(ReconnectHostCommand)
export class ReconnectHostHandler implements ICommandHandler<ReconnectHostCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: HostBackends,
  ) {}

  async execute({ job }: ReconnectHostCommand): Promise<ApiReply> {
    const host = await hostOrFail(this.db.manager, job.resourceUuid!);
    await this.backends.of(host.hypervisorType).connect(host.uuid, job.progress);
    return {};
  }
}
