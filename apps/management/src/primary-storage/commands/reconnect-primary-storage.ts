import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PrimaryStorageConnector } from '../primary-storage-connector.js';

export class ReconnectPrimaryStorageCommand extends apiCommand('ReconnectPrimaryStorage') {
  // It asks the storage's hosts' agents to measure it.
  static readonly transactional = false;
}

/** Reconnects a storage: every Connected host of its clusters must reach it again; its
 *  capacity is re-measured. A host that cannot leaves it Disconnected, and the error names it. */
@CommandHandler(ReconnectPrimaryStorageCommand)
export class ReconnectPrimaryStorageHandler implements ICommandHandler<ReconnectPrimaryStorageCommand, ApiReply> {
  constructor(private readonly connector: PrimaryStorageConnector) {}

  async execute({ job }: ReconnectPrimaryStorageCommand): Promise<ApiReply> {
    return { inventory: await this.connector.refreshed(job.resourceUuid!) };
  }
}
