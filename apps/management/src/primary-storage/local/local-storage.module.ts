import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { PrimaryStorageModule } from '../primary-storage.module.js';
import { AddLocalPrimaryStorageHandler } from './add-local-primary-storage.js';
import { LocalStorageBackend } from './local-storage-backend.js';
import { LocalStorageHostRefEntity } from './local-storage-host-ref.entity.js';
import { GetLocalStorageHostDiskCapacity } from './local-storage-info-apis.js';

const HANDLERS = [AddLocalPrimaryStorageHandler];

/** Local storage: a directory on every host (primary storage type `LocalStorage`). */
@Module({ imports: [PrimaryStorageModule], providers: [...HANDLERS, LocalStorageBackend] })
export class LocalStorageModule {}

export const LOCAL_STORAGE_PLUGIN: FamilyManifest = {
  name: 'local-storage',
  pluginOf: 'primary-storage',
  module: LocalStorageModule,
  entities: [LocalStorageHostRefEntity],
  handlers: HANDLERS,
  syncApis: [GetLocalStorageHostDiskCapacity],
  queryResources: ['LocalStorageResourceRef'],
};
