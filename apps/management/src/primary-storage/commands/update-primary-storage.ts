import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { updateNameAndDescription } from '../../resource/common-actions.js';
import { PrimaryStorageBackends } from '../primary-storage-backends.js';
import { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { primaryStorageInventory, primaryStorageOrFail } from '../primary-storage.repository.js';
import { attachedClusterUuids } from '../storage-hosts.js';

export class UpdatePrimaryStorageCommand extends apiCommand('UpdatePrimaryStorage') {}

/** Changes a storage's name, description or url. The url only while the storage is attached
 *  to no cluster: hosts that use it would otherwise point at two places. */
@CommandHandler(UpdatePrimaryStorageCommand)
export class UpdatePrimaryStorageHandler implements ICommandHandler<UpdatePrimaryStorageCommand, ApiReply> {
  constructor(private readonly backends: PrimaryStorageBackends) {}

  async execute({ job, params }: UpdatePrimaryStorageCommand): Promise<ApiReply> {
    const storage = await primaryStorageOrFail(job.tx, job.resourceUuid!);
    if (params.url !== undefined && params.url !== null && params.url !== storage.url) {
      const clusters = await attachedClusterUuids(job.tx, storage.uuid);
      if (clusters.length) throw ApiError.operation(`the url of primary storage ${storage.uuid} cannot change while it is attached to clusters ${clusters.join(', ')}; detach it first`);
      const backend = this.backends.of(storage.type);
      storage.url = backend.checkUrl(params.url);
      storage.mountPath = backend.mountPathOf?.(storage.uuid, storage.url) ?? storage.url;
    }
    await updateNameAndDescription(job.tx, PrimaryStorageEntity, storage, params);
    return { inventory: await primaryStorageInventory(job.tx, storage.uuid) };
  }
}
