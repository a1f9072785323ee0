import { Module } from '@nestjs/common';
import { AgentModule } from '../../agent/agent.module.js';
import type { FamilyManifest } from '../../api/family.js';
import { BackupStorageModule } from '../backup-storage.module.js';
import { AddImageStoreBackupStorageHandler } from './commands/add-image-store-backup-storage.js';
import { ReclaimSpaceFromImageStoreHandler } from './commands/reclaim-space-from-image-store.js';
import { ReconnectImageStoreBackupStorageHandler } from './commands/reconnect-image-store-backup-storage.js';
import { UpdateImageStoreBackupStorageHandler } from './commands/update-image-store-backup-storage.js';
import { ImageStoreBackend } from './image-store-backend.js';
import { ImageStoreHostEntity } from './image-store-host.entity.js';
import { ImageStoreImages } from './image-store-images.js';

const HANDLERS = [AddImageStoreBackupStorageHandler, ReconnectImageStoreBackupStorageHandler, UpdateImageStoreBackupStorageHandler, ReclaimSpaceFromImageStoreHandler];

/** The ImageStore plug-in of the backup storage family: a store in a directory of its host,
 *  run by the agent deployed there over SSH. It exports nothing: the family reaches it
 *  through BackupStorageBackends. */
@Module({
  imports: [BackupStorageModule, AgentModule],
  providers: [...HANDLERS, ImageStoreBackend, ImageStoreImages],
})
export class ImageStoreModule {}

export const IMAGE_STORE_BACKUP_STORAGE_PLUGIN: FamilyManifest = {
  name: 'image-store',
  pluginOf: 'backup-storage',
  module: ImageStoreModule,
  entities: [ImageStoreHostEntity],
  handlers: HANDLERS,
  queryResources: ['ImageStoreBackupStorage'],
};
