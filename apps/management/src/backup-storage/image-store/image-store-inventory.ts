import type { EntityManager } from 'typeorm';
import type { Inventory } from '../../resource/inventory.js';
import type { BackupStorageEntity } from '../backup-storage.entity.js';
import { backupStorageInventory } from '../backup-storage.repository.js';
import { ImageStoreHostEntity } from './image-store-host.entity.js';

/** ImageStoreBackupStorageInventory: the base inventory plus hostname, username and sshPort. */
export async function imageStoreInventory(tx: EntityManager, bs: BackupStorageEntity): Promise<Inventory> {
  const host = await tx.getRepository(ImageStoreHostEntity).findOneByOrFail({ uuid: bs.uuid });
  return backupStorageInventory(tx, bs, 'ImageStoreBackupStorageInventory', { hostname: host.hostname, username: host.username, sshPort: host.sshPort });
}
