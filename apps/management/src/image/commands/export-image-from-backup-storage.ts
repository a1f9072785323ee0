import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageBackends } from '../../backup-storage/backup-storage-backends.js';
import { BackupStorageRepository } from '../../backup-storage/backup-storage.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { ImageEntity } from '../image.entity.js';
import { refOrFail } from '../image.repository.js';

export class ExportImageFromBackupStorageCommand extends apiCommand('ExportImageFromBackupStorage') {
  static readonly transactional = false;
}

/** Exports an image as a download URL served by the storage (it expires; ZStack's reply
 *  carries it as `imageUrl`, and the image's exportUrl shows it until the export is deleted). */
@CommandHandler(ExportImageFromBackupStorageCommand)
export class ExportImageFromBackupStorageHandler implements ICommandHandler<ExportImageFromBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly storages: BackupStorageRepository,
  ) {}

  async execute({ job, params }: ExportImageFromBackupStorageCommand): Promise<ApiReply> {
    const bsUuid = job.request.pathParams.backupStorageUuid;
    await refOrFail(this.db.manager, params.imageUuid, bsUuid);
    const bs = await this.storages.usableOrFail(bsUuid);
    const exported = await this.backends.of(bs.type).exportImage(bsUuid, params.imageUuid);
    await this.db.getRepository(ImageEntity).update({ uuid: params.imageUuid }, { exportUrl: exported.url, lastOpDate: new Date() });
    return { imageUrl: exported.url, expiresAt: exported.expiresAt };
  }
}
