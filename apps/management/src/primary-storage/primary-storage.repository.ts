// The primary storage family's rows and inventories.
import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { PrimaryStorageEntity } from './primary-storage.entity.js';
import { attachedClusterUuids } from './storage-hosts.js';

export const PRIMARY_STORAGE_RESOURCE_TYPE = 'PrimaryStorageVO';

export const primaryStorageOrFail = (db: EntityManager, uuid: string) => resourceOrFail(db, PrimaryStorageEntity, uuid, 'primary storage');

/** The storage, locked for update until `tx` ends. */
export async function lockedForUpdateOrFail(tx: EntityManager, uuid: string): Promise<PrimaryStorageEntity> {
  const found = await tx.getRepository(PrimaryStorageEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.uuid = :uuid', { uuid }).getOne();
  if (!found) throw ApiError.notFound(`primary storage ${uuid} does not exist`);
  return found;
}

/** The storage as PrimaryStorageInventory shows it, with the clusters it is attached to. */
export async function primaryStorageInventory(db: EntityManager, uuid: string): Promise<Inventory> {
  const storage = await primaryStorageOrFail(db, uuid);
  const row = { ...storage, attachedClusterUuids: await attachedClusterUuids(db, uuid) };
  return toInventory('PrimaryStorageInventory', row as unknown as Record<string, unknown>);
}
