// The primary storage family's rows and inventories.
import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { PrimaryStorageEntity } from './primary-storage.entity.js';
import { attachedClusterUuids } from './storage-hosts.js';

export const PRIMARY_STORAGE_RESOURCE_TYPE = 'PrimaryStorageVO';

export const primaryStorageOrFail = (db: EntityManager, uuid: string) => resourceOrFail(db, PrimaryStorageEntity, uuid, 'primary storage');

/** The storage as PrimaryStorageInventory shows it, with the clusters it is attached to. */
export async function primaryStorageInventory(db: EntityManager, uuid: string): Promise<Inventory> {
  const storage = await primaryStorageOrFail(db, uuid);
  const row = { ...storage, attachedClusterUuids: await attachedClusterUuids(db, uuid) };
  return toInventory('PrimaryStorageInventory', row as unknown as Record<string, unknown>);
}
