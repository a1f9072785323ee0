import { Module } from '@nestjs/common';
import { AgentDeployer } from '../../agent/agent-deployer.js';
import type { FamilyManifest } from '../../api/family.js';
import { BackupStorageModule } from '../backup-storage.module.js';
import { AddImageStoreBackupStorageHandler } from './commands/add-image-store-backup-storage.js';
import { ReconnectImageStoreBackupStorageHandler } from './commands/reconnect-image-store-backup-storage.js';
import { UpdateImageStoreBackupStorageHandler } from './commands/update-image-store-backup-storage.js';
import { ImageStoreBackend } from './image-store-backend.js';
import { ImageStoreHostEntity } from './image-store-host.entity.js';

const HANDLERS = [AddImageStoreBackupStorageHandler, ReconnectImageStoreBackupStorageHandler, UpdateImageStoreBackupStorageHandler];

/** The ImageStore plug-in of the backup storage family: a store in a directory of its host,
 *  run by the agent deployed there over SSH. It exports nothing: the family reaches it
 *  through BackupStorageBackends. */
@Module({
  imports: [BackupStorageModule],
  providers: [...HANDLERS, ImageStoreBackend, AgentDeployer],
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
