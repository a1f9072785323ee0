// Shared Block's synchronous answers.
import type { BlockDisk, BlockDisksReply } from '#agent-protocol';
import { StorageAgentPath } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import type { SyncApiHandler } from '../../api/sync-api.js';
import { ClusterRepository } from '../../cluster/cluster.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { onEveryHost } from '../on-every-host.js';
import { connectedHostsOf } from '../storage-hosts.js';
import { diskMatching, isBlank, operatorDiskId } from './shared-block-disks.js';
import { SharedBlockEntity } from './shared-block.entity.js';

/** The blank disks every Connected host of the cluster sees (by WWN, serial or path) that
 *  no group uses: what AddSharedBlockGroupPrimaryStorage and AddSharedBlockToSharedBlockGroup
 *  can take. `wwid` is the id to give them. */
export const GetSharedBlockCandidate: SyncApiHandler = {
  api: 'GetSharedBlockCandidate',
  answer: async (request, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const channel = providers.get(HostAgentChannel, { strict: false });
    const clusterUuid = request.query.clusterUuid as string;
    await providers.get(ClusterRepository, { strict: false }).getOrFail(db.manager, clusterUuid);
    const hosts = await connectedHostsOf(db.manager, [clusterUuid]);
    if (!hosts.length) throw ApiError.operation(`cluster ${clusterUuid} has no Connected host to list disks on`);
    const disksByHost = await onEveryHost(hosts, 'listing disks', async (host) => (await channel.call<BlockDisksReply>(host.uuid, StorageAgentPath.blockDisks, {})).disks);
    const used = (await db.getRepository(SharedBlockEntity).find()).map((b) => b.diskUuid);
    const candidates = disksByHost[0].filter(
      (disk: BlockDisk) =>
        isBlank(disk) &&
        !used.some((id) => diskMatching([disk], id)) &&
        disksByHost.every((disks) => {
          const there = diskMatching(disks, operatorDiskId(disk));
          return there !== undefined && isBlank(there);
        }),
    );
    return {
      results: candidates.map((d) => ({ wwid: operatorDiskId(d), vendor: null, model: d.model, wwn: d.wwn, serial: d.serial, hctl: null, type: d.type, size: d.sizeBytes })),
    };
  },
};
