import { toInventory, type Inventory } from '../resource/inventory.js';
import type { CephMonEntity } from './ceph-mon.entity.js';

/** A mon as CephPrimaryStorageMonInventory or CephBackupStorageMonInventory shows it; its
 *  password is a secret field the inventory never carries. */
export const monInventory = (type: 'CephPrimaryStorageMonInventory' | 'CephBackupStorageMonInventory', mon: CephMonEntity): Inventory =>
  toInventory(type, { ...mon, monUuid: mon.uuid, sshUsername: mon.username } as unknown as Record<string, unknown>);
