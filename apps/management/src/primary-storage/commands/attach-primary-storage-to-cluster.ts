import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { ClusterRepository } from '../../cluster/cluster.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { PrimaryStorageConnector } from '../primary-storage-connector.js';
import { PrimaryStorageClusterRefEntity } from '../primary-storage.entity.js';
import { primaryStorageInventory, primaryStorageOrFail } from '../primary-storage.repository.js';

export class AttachPrimaryStorageToClusterCommand extends apiCommand('AttachPrimaryStorageToCluster') {
  // It asks every host of the cluster's agent to reach the storage.
  static readonly transactional = false;
}

/** Attaches a storage to a cluster of its zone. Every Connected host of the cluster must
 *  reach it; when one cannot, the attach fails naming it and nothing is recorded. Attaching
 *  an attached storage again answers it as it is (a redelivered command does no harm). */
@CommandHandler(AttachPrimaryStorageToClusterCommand)
export class AttachPrimaryStorageToClusterHandler implements ICommandHandler<AttachPrimaryStorageToClusterCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly clusters: ClusterRepository,
    private readonly connector: PrimaryStorageConnector,
  ) {}

  async execute({ job }: AttachPrimaryStorageToClusterCommand): Promise<ApiReply> {
    const { clusterUuid, primaryStorageUuid } = job.request.pathParams;
    const storage = await primaryStorageOrFail(this.db.manager, primaryStorageUuid);
    const cluster = await this.clusters.getOrFail(this.db.manager, clusterUuid);
    if (cluster.zoneUuid !== storage.zoneUuid) {
      throw ApiError.operation(`primary storage ${storage.uuid} is in zone ${storage.zoneUuid} and cluster ${cluster.uuid} in zone ${cluster.zoneUuid}: both must be in one zone`);
    }
    const attached = await this.db.getRepository(PrimaryStorageClusterRefEntity).existsBy({ primaryStorageUuid, clusterUuid });
    if (!attached) await this.connector.attach(storage, clusterUuid, (step, percent) => job.progress(step, percent));
    return { inventory: await primaryStorageInventory(this.db.manager, primaryStorageUuid) };
  }
}
