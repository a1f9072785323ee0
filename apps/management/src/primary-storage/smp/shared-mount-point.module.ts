import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { PrimaryStorageModule } from '../primary-storage.module.js';
import { AddSharedMountPointPrimaryStorageHandler } from './add-shared-mount-point-primary-storage.js';
import { SharedMountPointBackend } from './shared-mount-point-backend.js';

const HANDLERS = [AddSharedMountPointPrimaryStorageHandler];

/** Shared mount point: one file system mounted on every host (primary storage type `SharedMountPoint`). */
@Module({ imports: [PrimaryStorageModule], providers: [...HANDLERS, SharedMountPointBackend] })
export class SharedMountPointModule {}

export const SHARED_MOUNT_POINT_PLUGIN: FamilyManifest = {
  name: 'shared-mount-point',
  pluginOf: 'primary-storage',
  module: SharedMountPointModule,
  handlers: HANDLERS,
};
