import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PrimaryStorageCreator } from '../primary-storage-creator.js';
import { SHARED_MOUNT_POINT_TYPE } from './shared-mount-point-backend.js';

export class AddSharedMountPointPrimaryStorageCommand extends apiCommand('AddSharedMountPointPrimaryStorage') {}

/** Adds a shared mount point storage: `url` is a path mounted on every host already; the
 *  hosts' agents check it when the storage is attached to a cluster. */
@CommandHandler(AddSharedMountPointPrimaryStorageCommand)
export class AddSharedMountPointPrimaryStorageHandler implements ICommandHandler<AddSharedMountPointPrimaryStorageCommand, ApiReply> {
  constructor(private readonly creator: PrimaryStorageCreator) {}

  async execute({ job, params }: AddSharedMountPointPrimaryStorageCommand): Promise<ApiReply> {
    return { inventory: await this.creator.create(job, SHARED_MOUNT_POINT_TYPE, params) };
  }
}
