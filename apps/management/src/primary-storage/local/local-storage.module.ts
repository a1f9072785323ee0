import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { PrimaryStorageModule } from '../primary-storage.module.js';
import { AddLocalPrimaryStorageHandler } from './add-local-primary-storage.js';
import { LocalStorageBackend } from './local-storage-backend.js';
import { LocalStorageHostRefEntity } from './local-storage-host-ref.entity.js';
import { GetLocalStorageHostDiskCapacity, LocalStorageGetVolumeMigratableHosts } from './local-storage-info-apis.js';
import { LocalStorageMigrateVolumeHandler } from './local-storage-migrate-volume.js';
import { VmInstanceModule } from '../../vm-instance/vm-instance.module.js';

const HANDLERS = [AddLocalPrimaryStorageHandler, LocalStorageMigrateVolumeHandler];

/** Local storage: a directory on every host (primary storage type `LocalStorage`); its volumes move between hosts. */
@Module({ imports: [PrimaryStorageModule, VmInstanceModule], providers: [...HANDLERS, LocalStorageBackend] })
export class LocalStorageModule {}

export const LOCAL_STORAGE_PLUGIN: FamilyManifest = {
  name: 'local-storage',
  pluginOf: 'primary-storage',
  module: LocalStorageModule,
  entities: [LocalStorageHostRefEntity],
  handlers: HANDLERS,
  syncApis: [GetLocalStorageHostDiskCapacity, LocalStorageGetVolumeMigratableHosts],
  queryResources: ['LocalStorageResourceRef'],
};
