import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PrimaryStorageCreator } from '../primary-storage-creator.js';
import { NFS_TYPE } from './nfs-backend.js';
import { mountOptionsOf } from './nfs-url.js';

export class AddNfsPrimaryStorageCommand extends apiCommand('AddNfsPrimaryStorage') {}

/** Adds an NFS storage (`url` server:/export/path; mount options in the system tag
 *  `nfs::mount::options::vers=4.1,hard`); each host mounts it when it is attached. */
@CommandHandler(AddNfsPrimaryStorageCommand)
export class AddNfsPrimaryStorageHandler implements ICommandHandler<AddNfsPrimaryStorageCommand, ApiReply> {
  constructor(private readonly creator: PrimaryStorageCreator) {}

  async execute({ job, params }: AddNfsPrimaryStorageCommand): Promise<ApiReply> {
    mountOptionsOf(job.request.systemTags);
    return { inventory: await this.creator.create(job, NFS_TYPE, params) };
  }
}
