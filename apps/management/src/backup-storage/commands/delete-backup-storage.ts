import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { logger } from '../../logging/logger.js';
import { TagService } from '../../tag/tag.service.js';
import { BackupStorageBackends } from '../backup-storage-backends.js';
import { BackupStorageEntity } from '../backup-storage.entity.js';

export class DeleteBackupStorageCommand extends apiCommand('DeleteBackupStorage') {
  // Removing its agent goes over SSH: outside a transaction.
  static readonly transactional = false;
}

/** Deletes a backup storage: its type removes what the node deployed on its host, then the
 *  rows go (zone attachments and the type's own row with it). The images' files stay on the
 *  host, as in ZStack. Deleting one already gone succeeds. */
@CommandHandler(DeleteBackupStorageCommand)
export class DeleteBackupStorageHandler implements ICommandHandler<DeleteBackupStorageCommand, ApiReply> {
  private readonly log = logger('delete-backup-storage');

  constructor(
    private readonly backends: BackupStorageBackends,
    private readonly tags: TagService,
  ) {}

  async execute({ job }: DeleteBackupStorageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const bs = await job.tx.getRepository(BackupStorageEntity).findOneBy({ uuid });
    if (!bs) return {};
    await this.backends
      .of(bs.type)
      .remove(uuid)
      .catch((err: Error) => this.log.warn({ backupStorageUuid: uuid, err: err.message }, 'could not clean up the backup storage host'));
    await job.tx.transaction(async (tx) => {
      await this.tags.detachAll(tx, [uuid]);
      await tx.getRepository(BackupStorageEntity).delete({ uuid }); // refs and the type's row cascade
    });
    return {};
  }
}
