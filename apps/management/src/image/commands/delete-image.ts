import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageBackends } from '../../backup-storage/backup-storage-backends.js';
import { BackupStorageRepository } from '../../backup-storage/backup-storage.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { TagService } from '../../tag/tag.service.js';
import { ImageBackupStorageRefEntity, ImageEntity } from '../image.entity.js';

export class DeleteImageCommand extends apiCommand('DeleteImage') {
  static readonly transactional = false;
}

/** Deletes an image: each backup storage holding it forgets it (its content is freed by a
 *  reclaim once no image uses it), then the rows go. One already gone succeeds. */
@CommandHandler(DeleteImageCommand)
export class DeleteImageHandler implements ICommandHandler<DeleteImageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly storages: BackupStorageRepository,
    private readonly tags: TagService,
  ) {}

  async execute({ job }: DeleteImageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    if (!(await this.db.getRepository(ImageEntity).existsBy({ uuid }))) return {};
    const refs = await this.db.getRepository(ImageBackupStorageRefEntity).findBy({ imageUuid: uuid });
    for (const ref of refs) {
      const bs = await this.storages.find(ref.backupStorageUuid);
      if (bs) await this.backends.of(bs.type).deleteImage(bs.uuid, uuid);
    }
    await this.db.transaction(async (tx) => {
      await this.tags.detachAll(tx, [uuid]);
      await tx.getRepository(ImageEntity).delete({ uuid }); // its refs cascade
    });
    return {};
  }
}
