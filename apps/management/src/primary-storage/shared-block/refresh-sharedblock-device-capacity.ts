import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { PrimaryStorageConnector } from '../primary-storage-connector.js';
import { sharedBlockGroupOrFail } from './shared-block-groups.js';
import { sharedBlockGroupInventory } from './shared-block-inventory.js';
import { SharedBlockEntity } from './shared-block.entity.js';

export class RefreshSharedblockDeviceCapacityCommand extends apiCommand('RefreshSharedblockDeviceCapacity') {
  static readonly transactional = false;
}

/** Re-reads the group's LUNs and capacity on its hosts (a LUN grown on the SAN shows its new
 *  size). One LUN or all: LVM reports the whole group at once, so both re-read everything. */
@CommandHandler(RefreshSharedblockDeviceCapacityCommand)
export class RefreshSharedblockDeviceCapacityHandler implements ICommandHandler<RefreshSharedblockDeviceCapacityCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly connector: PrimaryStorageConnector,
  ) {}

  async execute({ job }: RefreshSharedblockDeviceCapacityCommand): Promise<ApiReply> {
    const { sharedBlockGroupUuid, uuid } = job.request.pathParams;
    const storage = await sharedBlockGroupOrFail(this.db.manager, sharedBlockGroupUuid);
    if (uuid && !(await this.db.getRepository(SharedBlockEntity).existsBy({ uuid, sharedBlockGroupUuid: storage.uuid }))) {
      throw ApiError.notFound(`shared block ${uuid} of group ${storage.uuid} does not exist`);
    }
    await this.connector.refresh(storage.uuid);
    return { inventory: await sharedBlockGroupInventory(this.db.manager, storage.uuid) };
  }
}
