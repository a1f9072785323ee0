import type { EntityManager } from 'typeorm';
import { monInventory } from '../../ceph/ceph-mon-inventory.js';
import { CephMonEntity } from '../../ceph/ceph-mon.entity.js';
import { toInventory, type Inventory } from '../../resource/inventory.js';
import { primaryStorageOrFail } from '../primary-storage.repository.js';
import { attachedClusterUuids } from '../storage-hosts.js';
import { CephPrimaryStorageDetailEntity, type CephPrimaryStoragePoolEntity } from './ceph-primary-storage.entity.js';

/** CephPrimaryStorageInventory: the storage, its cluster's fsid and pools, its clusters and mons. */
export async function cephPrimaryStorageInventory(db: EntityManager, uuid: string): Promise<Inventory> {
  const storage = await primaryStorageOrFail(db, uuid);
  const detail = await db.getRepository(CephPrimaryStorageDetailEntity).findOneByOrFail({ uuid });
  const mons = await db.getRepository(CephMonEntity).find({ where: { primaryStorageUuid: uuid }, order: { createDate: 'ASC' } });
  const row = { ...storage, ...detail, attachedClusterUuids: await attachedClusterUuids(db, uuid), mons: mons.map((m) => monInventory('CephPrimaryStorageMonInventory', m)) };
  return toInventory('CephPrimaryStorageInventory', row as unknown as Record<string, unknown>);
}

export const poolInventory = (pool: CephPrimaryStoragePoolEntity): Inventory => toInventory('CephPrimaryStoragePoolInventory', pool as unknown as Record<string, unknown>);
