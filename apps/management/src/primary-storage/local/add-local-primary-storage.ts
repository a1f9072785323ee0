import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PrimaryStorageCreator } from '../primary-storage-creator.js';
import { LOCAL_STORAGE_TYPE } from './local-storage-backend.js';

export class AddLocalPrimaryStorageCommand extends apiCommand('AddLocalPrimaryStorage') {}

/** Adds a local storage: `url` is the directory each host of the attached clusters keeps
 *  its disks in; the agents create and measure it when the storage is attached. */
@CommandHandler(AddLocalPrimaryStorageCommand)
export class AddLocalPrimaryStorageHandler implements ICommandHandler<AddLocalPrimaryStorageCommand, ApiReply> {
  constructor(private readonly creator: PrimaryStorageCreator) {}

  async execute({ job, params }: AddLocalPrimaryStorageCommand): Promise<ApiReply> {
    return { inventory: await this.creator.create(job, LOCAL_STORAGE_TYPE, params) };
  }
}
