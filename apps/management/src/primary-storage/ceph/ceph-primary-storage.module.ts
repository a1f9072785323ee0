import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { CephModule } from '../../ceph/ceph.module.js';
import { PrimaryStorageModule } from '../primary-storage.module.js';
import { CephPrimaryStorageBackend } from './ceph-primary-storage-backend.js';
import { CephPrimaryStorageDetailEntity, CephPrimaryStoragePoolEntity } from './ceph-primary-storage.entity.js';
import { AddCephPrimaryStorageHandler } from './commands/add-ceph-primary-storage.js';
import { AddMonToCephPrimaryStorageHandler, RemoveMonFromCephPrimaryStorageHandler, UpdateCephPrimaryStorageMonHandler } from './commands/ceph-primary-storage-mons.js';
import { AddCephPrimaryStoragePoolHandler, DeleteCephPrimaryStoragePoolHandler, UpdateCephPrimaryStoragePoolHandler } from './commands/ceph-primary-storage-pools.js';

const HANDLERS = [
  AddCephPrimaryStorageHandler,
  AddMonToCephPrimaryStorageHandler,
  RemoveMonFromCephPrimaryStorageHandler,
  UpdateCephPrimaryStorageMonHandler,
  AddCephPrimaryStoragePoolHandler,
  DeleteCephPrimaryStoragePoolHandler,
  UpdateCephPrimaryStoragePoolHandler,
];

/** Ceph primary storage (type `Ceph`): RBD pools of a cluster reached through its mons. */
@Module({ imports: [PrimaryStorageModule, CephModule], providers: [...HANDLERS, CephPrimaryStorageBackend] })
export class CephPrimaryStorageModule {}

export const CEPH_PRIMARY_STORAGE_PLUGIN: FamilyManifest = {
  name: 'ceph-primary-storage',
  pluginOf: 'primary-storage',
  module: CephPrimaryStorageModule,
  entities: [CephPrimaryStorageDetailEntity, CephPrimaryStoragePoolEntity],
  handlers: HANDLERS,
  queryResources: ['CephPrimaryStorage', 'CephPrimaryStorageMon', 'CephPrimaryStoragePool'],
};
