import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { In } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PrimaryStorageCreator } from '../primary-storage-creator.js';
import { SHARED_BLOCK_TYPE } from './shared-block-backend.js';
import { SharedBlockEntity } from './shared-block.entity.js';

export class AddSharedBlockGroupPrimaryStorageCommand extends apiCommand('AddSharedBlockGroupPrimaryStorage') {}

/** The LUNs named, once each, and in no group yet; throws SYS.1007 or naming the group that has one. */
export function checkedDiskUuids(diskUuids: readonly string[]): string[] {
  const ids = diskUuids.map((id) => id.trim());
  if (!ids.length) throw ApiError.invalidArgument('diskUuids must name at least one disk');
  const empty = ids.findIndex((id) => id === '');
  if (empty >= 0) throw ApiError.invalidArgument(`diskUuids[${empty}] is empty`);
  const twice = ids.find((id, i) => ids.findIndex((other) => other.toLowerCase() === id.toLowerCase()) !== i);
  if (twice) throw ApiError.invalidArgument(`diskUuids names disk ${twice} twice`);
  return ids;
}

/** Records a Shared Block storage and its LUNs. Like ZStack, nothing happens on the hosts
 *  yet: the volume group is made of the LUNs when the storage is attached to a cluster. */
@CommandHandler(AddSharedBlockGroupPrimaryStorageCommand)
export class AddSharedBlockGroupPrimaryStorageHandler implements ICommandHandler<AddSharedBlockGroupPrimaryStorageCommand, ApiReply> {
  constructor(private readonly creator: PrimaryStorageCreator) {}

  async execute({ job, params }: AddSharedBlockGroupPrimaryStorageCommand): Promise<ApiReply> {
    const diskUuids = checkedDiskUuids(params.diskUuids);
    const blocks = job.tx.getRepository(SharedBlockEntity);
    const taken = await blocks.findBy({ diskUuid: In(diskUuids) });
    if (taken.length) throw ApiError.operation(taken.map((b) => `disk ${b.diskUuid} is in shared block group ${b.sharedBlockGroupUuid} already`).join('; '));
    const inventory = await this.creator.create(job, SHARED_BLOCK_TYPE, { ...params, url: params.url ?? '' });
    const now = new Date();
    await blocks.insert(
      diskUuids.map((diskUuid, i) => ({
        uuid: randomUUID().replace(/-/g, ''),
        sharedBlockGroupUuid: job.resourceUuid!,
        diskUuid,
        name: `disk-${diskUuid}`.slice(0, 255),
        description: null,
        type: 'LvmLogicalVolumeBasic',
        state: 'Enabled',
        status: 'Disconnected',
        size: '0',
        // One millisecond apart: the group lists its LUNs in the order they were given.
        createDate: new Date(now.getTime() + i),
        lastOpDate: now,
      })),
    );
    return { inventory };
  }
}
