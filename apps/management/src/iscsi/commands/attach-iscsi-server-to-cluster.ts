import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { ClusterRepository } from '../../cluster/cluster.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { connectedHostsOf } from '../../primary-storage/storage-hosts.js';
import { IscsiDiscovery } from '../iscsi-discovery.js';
import { IscsiServerClusterRefEntity } from '../iscsi.entity.js';
import { iscsiServerInventory, iscsiServerOrFail } from '../iscsi-records.js';

export class AttachIscsiServerToClusterCommand extends apiCommand('AttachIscsiServerToCluster') {
  // Every host of the cluster discovers the portal through its agent.
  static readonly transactional = false;
}

/** Attaches a server to a cluster only when every Connected host of the cluster reaches its
 *  portal (with its CHAP credentials); otherwise the error names the hosts and nothing is recorded. */
@CommandHandler(AttachIscsiServerToClusterCommand)
export class AttachIscsiServerToClusterHandler implements ICommandHandler<AttachIscsiServerToClusterCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly clusters: ClusterRepository,
    private readonly discovery: IscsiDiscovery,
  ) {}

  async execute({ job }: AttachIscsiServerToClusterCommand): Promise<ApiReply> {
    const { clusterUuid, uuid } = job.request.pathParams;
    const server = await iscsiServerOrFail(this.db.manager, uuid);
    await this.clusters.getOrFail(this.db.manager, clusterUuid);
    const refs = this.db.getRepository(IscsiServerClusterRefEntity);
    if (!(await refs.existsBy({ iscsiServerUuid: uuid, clusterUuid }))) {
      await this.discovery.discoverOnEvery(await connectedHostsOf(this.db.manager, [clusterUuid]), server);
      const now = new Date();
      await refs.insert({ iscsiServerUuid: uuid, clusterUuid, createDate: now, lastOpDate: now });
    }
    return { inventory: await iscsiServerInventory(this.db.manager, uuid) };
  }
}
