import type { EntityManager } from 'typeorm';
import { toInventory, type Inventory } from '../../resource/inventory.js';
import { primaryStorageOrFail } from '../primary-storage.repository.js';
import { attachedClusterUuids } from '../storage-hosts.js';
import { SharedBlockEntity } from './shared-block.entity.js';

/** ZStack's one group type: an LVM volume group shared by the hosts. */
export const SHARED_BLOCK_GROUP_TYPE = 'LvmVolumeGroupBasic';

/** SharedBlockGroupPrimaryStorageInventory: the storage with its clusters and its LUNs. */
export async function sharedBlockGroupInventory(db: EntityManager, uuid: string): Promise<Inventory> {
  const storage = await primaryStorageOrFail(db, uuid);
  const blocks = await db.getRepository(SharedBlockEntity).find({ where: { sharedBlockGroupUuid: uuid }, order: { createDate: 'ASC' } });
  const row = {
    ...storage,
    attachedClusterUuids: await attachedClusterUuids(db, uuid),
    sharedBlocks: blocks.map((b) => toInventory('SharedBlockInventory', b as unknown as Record<string, unknown>)),
    sharedBlockGroupType: SHARED_BLOCK_GROUP_TYPE,
  };
  return toInventory('SharedBlockGroupPrimaryStorageInventory', row as unknown as Record<string, unknown>);
}
