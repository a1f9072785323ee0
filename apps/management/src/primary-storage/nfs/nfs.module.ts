import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { PrimaryStorageModule } from '../primary-storage.module.js';
import { AddNfsPrimaryStorageHandler } from './add-nfs-primary-storage.js';
import { NfsBackend } from './nfs-backend.js';

const HANDLERS = [AddNfsPrimaryStorageHandler];

/** NFS: an export every host mounts (primary storage type `NFS`). */
@Module({ imports: [PrimaryStorageModule], providers: [...HANDLERS, NfsBackend] })
export class NfsModule {}

export const NFS_PRIMARY_STORAGE_PLUGIN: FamilyManifest = { name: 'nfs-primary-storage', pluginOf: 'primary-storage', module: NfsModule, handlers: HANDLERS };
