import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { ZoneModule } from '../zone/zone.module.js';
import { BACKUP_STORAGE_SYNC_APIS } from './backup-storage-apis.js';
import { BackupStorageBackends } from './backup-storage-backends.js';
import { BackupStorageEntity, BackupStorageZoneRefEntity } from './backup-storage.entity.js';
import { BackupStorageConnector, BackupStorageRepository } from './backup-storage.repository.js';
import { AttachBackupStorageToZoneHandler } from './commands/attach-backup-storage-to-zone.js';
import { ChangeBackupStorageStateHandler } from './commands/change-backup-storage-state.js';
import { DeleteBackupStorageHandler } from './commands/delete-backup-storage.js';
import { DetachBackupStorageFromZoneHandler } from './commands/detach-backup-storage-from-zone.js';
import { ReconnectBackupStorageHandler } from './commands/reconnect-backup-storage.js';
import { UpdateBackupStorageHandler } from './commands/update-backup-storage.js';

const HANDLERS = [
  DeleteBackupStorageHandler,
  ReconnectBackupStorageHandler,
  ChangeBackupStorageStateHandler,
  UpdateBackupStorageHandler,
  AttachBackupStorageToZoneHandler,
  DetachBackupStorageFromZoneHandler,
];

/** The backup storage family: the generic APIs of every type. Types (ImageStore...) plug in
 *  through BackupStorageBackends and BackupStorageConnector, which it exports. */
@Module({
  imports: [ZoneModule],
  providers: [...HANDLERS, BackupStorageBackends, BackupStorageConnector, BackupStorageRepository],
  exports: [BackupStorageBackends, BackupStorageConnector, BackupStorageRepository],
})
export class BackupStorageModule {}

export const BACKUP_STORAGE_FAMILY: FamilyManifest = {
  name: 'backup-storage',
  module: BackupStorageModule,
  entities: [BackupStorageEntity, BackupStorageZoneRefEntity],
  handlers: HANDLERS,
  syncApis: BACKUP_STORAGE_SYNC_APIS,
  queryResources: ['BackupStorage'],
};
