import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageBackends } from '../../backup-storage/backup-storage-backends.js';
import { BackupStorageRepository } from '../../backup-storage/backup-storage.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { ImageEntity } from '../image.entity.js';
import { refOrFail } from '../image.repository.js';

export class DeleteExportedImageFromBackupStorageCommand extends apiCommand('DeleteExportedImageFromBackupStorage') {
  static readonly transactional = false;
}

/** Ends an image's export: its URL answers no more and the image's exportUrl is cleared. */
@CommandHandler(DeleteExportedImageFromBackupStorageCommand)
export class DeleteExportedImageFromBackupStorageHandler implements ICommandHandler<DeleteExportedImageFromBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly storages: BackupStorageRepository,
  ) {}

  async execute({ job }: DeleteExportedImageFromBackupStorageCommand): Promise<ApiReply> {
    const { backupStorageUuid, imageUuid } = job.request.pathParams;
    await refOrFail(this.db.manager, imageUuid, backupStorageUuid);
    const bs = await this.storages.usableOrFail(backupStorageUuid);
    await this.backends.of(bs.type).deleteExport(backupStorageUuid, imageUuid);
    await this.db.getRepository(ImageEntity).update({ uuid: imageUuid }, { exportUrl: null, lastOpDate: new Date() });
    return {};
  }
}
