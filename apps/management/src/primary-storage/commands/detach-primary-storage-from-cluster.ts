import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { PrimaryStorageConnector } from '../primary-storage-connector.js';
import { PrimaryStorageClusterRefEntity } from '../primary-storage.entity.js';
import { primaryStorageInventory, primaryStorageOrFail } from '../primary-storage.repository.js';

export class DetachPrimaryStorageFromClusterCommand extends apiCommand('DetachPrimaryStorageFromCluster') {
  // The cluster's hosts undo their use of the storage (an NFS unmount) through their agents.
  static readonly transactional = false;
}

/** Detaches a storage from a cluster; detaching what is not attached changes nothing. */
@CommandHandler(DetachPrimaryStorageFromClusterCommand)
export class DetachPrimaryStorageFromClusterHandler implements ICommandHandler<DetachPrimaryStorageFromClusterCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly connector: PrimaryStorageConnector,
  ) {}

  async execute({ job }: DetachPrimaryStorageFromClusterCommand): Promise<ApiReply> {
    const { clusterUuid, primaryStorageUuid } = job.request.pathParams;
    const storage = await primaryStorageOrFail(this.db.manager, primaryStorageUuid);
    const attached = await this.db.getRepository(PrimaryStorageClusterRefEntity).existsBy({ primaryStorageUuid, clusterUuid });
    if (attached) await this.connector.detach(storage, clusterUuid);
    return { inventory: await primaryStorageInventory(this.db.manager, primaryStorageUuid) };
  }
}
