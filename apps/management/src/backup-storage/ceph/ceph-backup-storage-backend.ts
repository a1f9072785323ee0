// Ceph backup storage: images as RBD images in one pool of a cluster, reached through the
// agents on its mons (ceph/ceph-mons.ts). Connected while any mon answers for its cluster;
// its capacity is the cluster's raw capacity, its pool's share is kept beside it.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CephAgentPath, type CephCapacityReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { CephMons } from '../../ceph/ceph-mons.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { monInventory } from '../../ceph/ceph-mon-inventory.js';
import { CephMonEntity } from '../../ceph/ceph-mon.entity.js';
import type { Inventory } from '../../resource/inventory.js';
import { type BackupStorageBackend, BackupStorageBackends, type BackupStorageCapacity, type StoredImage } from '../backup-storage-backends.js';
import { BackupStorageEntity } from '../backup-storage.entity.js';
import { backupStorageInventory } from '../backup-storage.repository.js';
import { CephBackupStorageDetailEntity } from './ceph-backup-storage.entity.js';

export const CEPH_BACKUP_STORAGE_TYPE = 'Ceph';

@Injectable()
export class CephBackupStorageBackend implements BackupStorageBackend, OnModuleInit {
  readonly type = CEPH_BACKUP_STORAGE_TYPE;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly mons: CephMons,
  ) {}

  onModuleInit(): void {
    this.backends.register(this);
  }

  async fsidOf(uuid: string): Promise<string> {
    const detail = await this.db.getRepository(CephBackupStorageDetailEntity).findOneBy({ uuid });
    if (!detail) throw ApiError.operation(`backup storage ${uuid} is not a Ceph storage`);
    return detail.fsid;
  }

  async connect(uuid: string): Promise<BackupStorageCapacity> {
    const owner = { backupStorageUuid: uuid };
    await this.mons.checkEvery(owner, await this.fsidOf(uuid));
    const { capacity } = await this.mons.onAnyMon<CephCapacityReply>(owner, CephAgentPath.capacity);
    const detail = await this.db.getRepository(CephBackupStorageDetailEntity).findOneByOrFail({ uuid });
    const pool = capacity.pools.find((p) => p.name === detail.poolName);
    await this.db.getRepository(CephBackupStorageDetailEntity).update({ uuid }, { poolUsedCapacity: String(pool?.storedBytes ?? 0), poolAvailableCapacity: String(pool?.availableBytes ?? 0) });
    return { totalBytes: capacity.totalBytes, availableBytes: capacity.availableBytes };
  }

  /** Its mons' agents go (where no other storage's mon uses them); the pool and its images stay. */
  async remove(uuid: string): Promise<void> {
    const mons = await this.mons.ofOwner({ backupStorageUuid: uuid });
    await this.mons.release(mons, mons.map((m) => m.uuid));
  }

  // Images on Ceph (rbd import/export) are not in this release: the ImageStore holds them.
  async importImage(): Promise<StoredImage> {
    throw ApiError.operation('images cannot be added to a Ceph backup storage by this release; use an ImageStore backup storage');
  }

  async deleteImage(): Promise<void> {
    throw ApiError.operation('a Ceph backup storage holds no images in this release');
  }

  async exportImage(): Promise<{ url: string; expiresAt: string }> {
    throw ApiError.operation('a Ceph backup storage holds no images to export in this release');
  }

  async deleteExport(): Promise<void> {}
}

/** CephBackupStorageInventory: the storage, its cluster, its pool's figures and its mons. */
export async function cephBackupStorageInventory(db: EntityManager, uuid: string): Promise<Inventory> {
  const bs = await db.getRepository(BackupStorageEntity).findOneByOrFail({ uuid });
  const detail = await db.getRepository(CephBackupStorageDetailEntity).findOneByOrFail({ uuid });
  const mons = await db.getRepository(CephMonEntity).find({ where: { backupStorageUuid: uuid }, order: { createDate: 'ASC' } });
  return backupStorageInventory(db, bs, 'CephBackupStorageInventory', { ...detail, mons: mons.map((m) => monInventory('CephBackupStorageMonInventory', m)) });
}
