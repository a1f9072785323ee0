import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { BackupStorageModule } from '../backup-storage/backup-storage.module.js';
import { AddImageHandler } from './commands/add-image.js';
import { BackupStorageMigrateImageHandler } from './commands/backup-storage-migrate-image.js';
import { DeleteExportedImageFromBackupStorageHandler } from './commands/delete-exported-image-from-backup-storage.js';
import { DeleteImageHandler } from './commands/delete-image.js';
import { ExportImageFromBackupStorageHandler } from './commands/export-image-from-backup-storage.js';
import { GetBackupStorageCandidatesForImageMigration } from './image-apis.js';
import { ImageBackupStorageRefEntity, ImageEntity } from './image.entity.js';

// The image APIs of backup storage (export, migrate) act on images' refs: they are here.
const HANDLERS = [AddImageHandler, DeleteImageHandler, ExportImageFromBackupStorageHandler, DeleteExportedImageFromBackupStorageHandler, BackupStorageMigrateImageHandler];

/** Images, the minimum backup storage needs (beyond the hardware volume): added from a URL
 *  into a backup storage through its type's backend, queried, deleted. */
@Module({ imports: [BackupStorageModule], providers: [...HANDLERS] })
export class ImageModule {}

export const IMAGE_FAMILY: FamilyManifest = {
  name: 'image',
  module: ImageModule,
  entities: [ImageEntity, ImageBackupStorageRefEntity],
  handlers: HANDLERS,
  syncApis: [GetBackupStorageCandidatesForImageMigration],
  queryResources: ['Image'],
};
