import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { TagService } from '../../tag/tag.service.js';
import { PrimaryStorageBackends } from '../primary-storage-backends.js';
import { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { attachedClusterUuids, connectedHostsOf } from '../storage-hosts.js';

export class DeletePrimaryStorageCommand extends apiCommand('DeletePrimaryStorage') {
  // The hosts of its clusters undo their use of it (an NFS unmount) through their agents.
  static readonly transactional = false;
}

/** Deletes a storage, detaching it from its clusters first (as ZStack's cascade does);
 *  deleting a storage that is gone already succeeds. The data on it is left in place. */
@CommandHandler(DeletePrimaryStorageCommand)
export class DeletePrimaryStorageHandler implements ICommandHandler<DeletePrimaryStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: PrimaryStorageBackends,
    private readonly tags: TagService,
  ) {}

  async execute({ job }: DeletePrimaryStorageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const storage = await this.db.getRepository(PrimaryStorageEntity).findOneBy({ uuid });
    if (!storage) return {};
    const hosts = await connectedHostsOf(this.db.manager, await attachedClusterUuids(this.db.manager, uuid));
    const backend = this.backends.of(storage.type);
    await backend.removed?.(storage);
    await this.db.transaction(async (tx) => {
      await backend.disconnect(tx, storage, hosts);
      await this.tags.detachAll(tx, [uuid]);
      // Its cluster refs and per-host rows go with it by foreign key.
      await tx.getRepository(PrimaryStorageEntity).delete({ uuid });
    });
    return {};
  }
}
