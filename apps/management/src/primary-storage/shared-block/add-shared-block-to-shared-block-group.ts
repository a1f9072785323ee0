import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { onEveryHost } from '../on-every-host.js';
import { PrimaryStorageConnector } from '../primary-storage-connector.js';
import { attachedClusterUuids, connectedHostsOf } from '../storage-hosts.js';
import { checkedDiskUuids } from './add-shared-block-group-primary-storage.js';
import { SharedBlockBackend } from './shared-block-backend.js';
import { diskMatching } from './shared-block-disks.js';
import { sharedBlockGroupOrFail } from './shared-block-groups.js';
import { sharedBlockGroupInventory } from './shared-block-inventory.js';
import { SharedBlockEntity } from './shared-block.entity.js';

export class AddSharedBlockToSharedBlockGroupCommand extends apiCommand('AddSharedBlockToSharedBlockGroup') {
  // Every host of the group's clusters is asked for the disk, and the group extended by it.
  static readonly transactional = false;
}

/** Adds a LUN to a group: every Connected host of its clusters must see it, blank; the
 *  volume group is extended by it and the capacity re-read. A failure leaves no row. */
@CommandHandler(AddSharedBlockToSharedBlockGroupCommand)
export class AddSharedBlockToSharedBlockGroupHandler implements ICommandHandler<AddSharedBlockToSharedBlockGroupCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backend: SharedBlockBackend,
    private readonly connector: PrimaryStorageConnector,
  ) {}

  async execute({ job, params }: AddSharedBlockToSharedBlockGroupCommand): Promise<ApiReply> {
    const storage = await sharedBlockGroupOrFail(this.db.manager, job.request.pathParams.uuid);
    const [diskUuid] = checkedDiskUuids([params.diskUuid]);
    const blocks = this.db.getRepository(SharedBlockEntity);
    const taken = await blocks.findOneBy({ diskUuid });
    if (taken?.sharedBlockGroupUuid === storage.uuid) return { inventory: await sharedBlockGroupInventory(this.db.manager, storage.uuid) };
    if (taken) throw ApiError.operation(`disk ${diskUuid} is in shared block group ${taken.sharedBlockGroupUuid} already`);
    const hosts = await connectedHostsOf(this.db.manager, await attachedClusterUuids(this.db.manager, storage.uuid));
    await job.progress(`look for disk ${diskUuid} on ${hosts.length} hosts`, 10);
    await onEveryHost(hosts, `looking for disk ${diskUuid}`, async (host) => {
      const disk = diskMatching(await this.backend.disksHaving(host, [diskUuid]), diskUuid)!;
      if (disk.vgName !== null) throw ApiError.operation(`its ${disk.path} (${diskUuid}) belongs to volume group ${disk.vgName} already`);
      if (disk.fstype) throw ApiError.operation(`its ${disk.path} (${diskUuid}) holds ${disk.fstype}: only a blank disk joins a group`);
    });
    const now = new Date();
    const uuid = randomUUID().replace(/-/g, '');
    await blocks.insert({ uuid, sharedBlockGroupUuid: storage.uuid, diskUuid, name: `disk-${diskUuid}`.slice(0, 255), description: null, type: 'LvmLogicalVolumeBasic', state: 'Enabled', status: 'Disconnected', size: '0', createDate: now, lastOpDate: now });
    if (hosts.length) {
      await job.progress(`extend volume group ${storage.uuid} by ${diskUuid}`, 50);
      try {
        await this.connector.refresh(storage.uuid);
      } catch (err) {
        await blocks.delete({ uuid });
        throw err;
      }
    }
    return { inventory: await sharedBlockGroupInventory(this.db.manager, storage.uuid) };
  }
}
