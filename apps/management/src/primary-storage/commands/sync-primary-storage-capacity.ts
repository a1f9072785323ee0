import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PrimaryStorageConnector } from '../primary-storage-connector.js';

export class SyncPrimaryStorageCapacityCommand extends apiCommand('SyncPrimaryStorageCapacity') {
  // It asks the storage's hosts' agents to measure it.
  static readonly transactional = false;
}

/** Re-measures a storage's capacity on its hosts now (reservations are kept). */
@CommandHandler(SyncPrimaryStorageCapacityCommand)
export class SyncPrimaryStorageCapacityHandler implements ICommandHandler<SyncPrimaryStorageCapacityCommand, ApiReply> {
  constructor(private readonly connector: PrimaryStorageConnector) {}

  async execute({ job }: SyncPrimaryStorageCapacityCommand): Promise<ApiReply> {
    return { inventory: await this.connector.refreshed(job.request.pathParams.primaryStorageUuid) };
  }
}
