import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { CephModule } from '../../ceph/ceph.module.js';
import { BackupStorageModule } from '../backup-storage.module.js';
import { CephBackupStorageBackend } from './ceph-backup-storage-backend.js';
import { CephBackupStorageDetailEntity } from './ceph-backup-storage.entity.js';
import { AddCephBackupStorageHandler } from './commands/add-ceph-backup-storage.js';
import { AddMonToCephBackupStorageHandler, RemoveMonFromCephBackupStorageHandler, UpdateCephBackupStorageMonHandler } from './commands/ceph-backup-storage-mons.js';

const HANDLERS = [AddCephBackupStorageHandler, AddMonToCephBackupStorageHandler, RemoveMonFromCephBackupStorageHandler, UpdateCephBackupStorageMonHandler];

/** Ceph backup storage (type `Ceph`): a pool of a cluster reached through its mons. */
@Module({ imports: [BackupStorageModule, CephModule], providers: [...HANDLERS, CephBackupStorageBackend] })
export class CephBackupStorageModule {}

export const CEPH_BACKUP_STORAGE_PLUGIN: FamilyManifest = {
  name: 'ceph-backup-storage',
  pluginOf: 'backup-storage',
  module: CephBackupStorageModule,
  entities: [CephBackupStorageDetailEntity],
  handlers: HANDLERS,
  queryResources: ['CephBackupStorage', 'CephBackupStorageMon'],
};
