import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageBackends } from '../../backup-storage/backup-storage-backends.js';
import { BackupStorageRepository } from '../../backup-storage/backup-storage.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { ImageBackupStorageRefEntity, ImageEntity } from '../image.entity.js';
import { imageInventory, imageOrFail, refOrFail } from '../image.repository.js';

export class BackupStorageMigrateImageCommand extends apiCommand('BackupStorageMigrateImage') {
  static readonly transactional = false;
}

/** Copies an image to another backup storage by streaming: the source exports it, the
 *  destination imports the export URL and must get the same sha256; then the image lives
 *  on both (ZStack keeps the source copy too). The job shows the percent of bytes. */
@CommandHandler(BackupStorageMigrateImageCommand)
export class BackupStorageMigrateImageHandler implements ICommandHandler<BackupStorageMigrateImageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly storages: BackupStorageRepository,
  ) {}

  async execute({ job, params }: BackupStorageMigrateImageCommand): Promise<ApiReply> {
    const imageUuid = job.request.pathParams.imageUuid;
    const { srcBackupStorageUuid: srcUuid, dstBackupStorageUuid: dstUuid } = params;
    if (srcUuid === dstUuid) throw ApiError.invalidArgument('srcBackupStorageUuid and dstBackupStorageUuid are the same backup storage');
    const image = await imageOrFail(this.db.manager, imageUuid);
    await refOrFail(this.db.manager, imageUuid, srcUuid);
    if (await this.db.getRepository(ImageBackupStorageRefEntity).existsBy({ imageUuid, backupStorageUuid: dstUuid })) return { inventory: await imageInventory(this.db.manager, image) };
    const src = this.backends.of((await this.storages.usableOrFail(srcUuid)).type);
    const dst = this.backends.of((await this.storages.usableOrFail(dstUuid)).type);
    const exported = await src.exportImage(srcUuid, imageUuid);
    try {
      const stored = await dst.importImage(dstUuid, imageUuid, exported.url, { expectedSha256: image.sha256 }, (percent, bytes) => job.progress(`copying: ${bytes} bytes`, percent ?? 0));
      const now = new Date();
      await this.db
        .getRepository(ImageBackupStorageRefEntity)
        .insert({ imageUuid, backupStorageUuid: dstUuid, installPath: stored.installPath, status: 'Ready', createDate: now, lastOpDate: now })
        .catch(async (err: Error) => {
          await dst.deleteImage(dstUuid, imageUuid).catch(() => undefined); // the image went meanwhile: do not keep the copy
          throw err;
        });
    } finally {
      // The export served the copy only; one the operator made stays.
      if (!image.exportUrl) await src.deleteExport(srcUuid, imageUuid).catch(() => undefined);
    }
    const updated = await this.db.getRepository(ImageEntity).findOneByOrFail({ uuid: imageUuid });
    return { inventory: await imageInventory(this.db.manager, updated) };
  }
}
