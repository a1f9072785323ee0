import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { PrimaryStorageModule } from '../primary-storage.module.js';
import { AddSharedBlockGroupPrimaryStorageHandler } from './add-shared-block-group-primary-storage.js';
import { AddSharedBlockToSharedBlockGroupHandler } from './add-shared-block-to-shared-block-group.js';
import { RefreshSharedblockDeviceCapacityHandler } from './refresh-sharedblock-device-capacity.js';
import { SharedBlockBackend } from './shared-block-backend.js';
import { GetSharedBlockCandidate } from './shared-block-info-apis.js';
import { SharedBlockEntity, SharedBlockHostRefEntity } from './shared-block.entity.js';

const HANDLERS = [AddSharedBlockGroupPrimaryStorageHandler, AddSharedBlockToSharedBlockGroupHandler, RefreshSharedblockDeviceCapacityHandler];

/** Shared Block: shared LUNs made one LVM volume group by the hosts (primary storage type `SharedBlock`). */
@Module({ imports: [PrimaryStorageModule], providers: [...HANDLERS, SharedBlockBackend] })
export class SharedBlockModule {}

export const SHARED_BLOCK_PLUGIN: FamilyManifest = {
  name: 'shared-block',
  pluginOf: 'primary-storage',
  module: SharedBlockModule,
  entities: [SharedBlockEntity, SharedBlockHostRefEntity],
  handlers: HANDLERS,
  syncApis: [GetSharedBlockCandidate],
  queryResources: ['SharedBlockGroupPrimaryStorage', 'SharedBlockGroupPrimaryStorageHostRef', 'SharedBlock'],
};
