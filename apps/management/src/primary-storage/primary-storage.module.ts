import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { HostModule } from '../host/host.module.js';
import { ZoneModule } from '../zone/zone.module.js';
import { CapacityReservations } from './capacity-reservations.js';
import { AttachPrimaryStorageToClusterHandler } from './commands/attach-primary-storage-to-cluster.js';
import { ChangePrimaryStorageStateHandler } from './commands/change-primary-storage-state.js';
import { DeletePrimaryStorageHandler } from './commands/delete-primary-storage.js';
import { DetachPrimaryStorageFromClusterHandler } from './commands/detach-primary-storage-from-cluster.js';
import { ReconnectPrimaryStorageHandler } from './commands/reconnect-primary-storage.js';
import { SyncPrimaryStorageCapacityHandler } from './commands/sync-primary-storage-capacity.js';
import { UpdatePrimaryStorageHandler } from './commands/update-primary-storage.js';
import { PrimaryStorageBackends } from './primary-storage-backends.js';
import { PrimaryStorageCascade } from './primary-storage-cascade.js';
import { CleanUpImageCacheOnPrimaryStorageHandler } from './commands/clean-up-image-cache-on-primary-storage.js';
import { PrimaryStorageConnector } from './primary-storage-connector.js';
import { PrimaryStorageCreator } from './primary-storage-creator.js';
import { PrimaryStorageHostHook } from './primary-storage-host-hook.js';
import { PRIMARY_STORAGE_SYNC_APIS } from './primary-storage-info-apis.js';
import { PrimaryStorageClusterRefEntity, PrimaryStorageEntity } from './primary-storage.entity.js';

const HANDLERS = [
  DeletePrimaryStorageHandler,
  AttachPrimaryStorageToClusterHandler,
  DetachPrimaryStorageFromClusterHandler,
  ReconnectPrimaryStorageHandler,
  SyncPrimaryStorageCapacityHandler,
  ChangePrimaryStorageStateHandler,
  UpdatePrimaryStorageHandler,
  CleanUpImageCacheOnPrimaryStorageHandler,
];

/** What primary storage plug-ins (local/, smp/, ...) use. */
const PUBLIC = [PrimaryStorageBackends, PrimaryStorageConnector, PrimaryStorageCreator, CapacityReservations];

/** Primary storage: its rows, cluster attachment, capacity model, and the seams its type plug-ins plug into. */
@Module({
  imports: [HostModule, ZoneModule],
  providers: [...HANDLERS, ...PUBLIC, PrimaryStorageHostHook, PrimaryStorageCascade],
  exports: [...PUBLIC, HostModule],
})
export class PrimaryStorageModule {}

export const PRIMARY_STORAGE_FAMILY: FamilyManifest = {
  name: 'primary-storage',
  module: PrimaryStorageModule,
  entities: [PrimaryStorageEntity, PrimaryStorageClusterRefEntity],
  handlers: HANDLERS,
  syncApis: PRIMARY_STORAGE_SYNC_APIS,
  queryResources: ['PrimaryStorage'],
};
