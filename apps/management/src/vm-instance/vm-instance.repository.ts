// Reading VMs, their volumes and offerings, as rows and as ZStack inventories.
import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { type Inventory, toInventory } from '../resource/inventory.js';
import { InstanceOfferingEntity, VmInstanceEntity, VolumeEntity } from './vm-instance.entity.js';

export const VM_RESOURCE_TYPE = 'VmInstanceVO';
export const INSTANCE_OFFERING_RESOURCE_TYPE = 'InstanceOfferingVO';

export const vmOrFail = (db: EntityManager, uuid: string) => resourceOrFail(db, VmInstanceEntity, uuid, 'VM instance');
export const offeringOrFail = (db: EntityManager, uuid: string) => resourceOrFail(db, InstanceOfferingEntity, uuid, 'instance offering');

export const volumeInventory = (volume: VolumeEntity): Inventory => toInventory('VolumeInventory', volume as unknown as Record<string, unknown>);

/** VmInstanceInventory with its volumes (no NICs or CD-ROMs in this release). */
export async function vmInventory(db: EntityManager, vmUuid: string): Promise<Inventory> {
  const vm = await vmOrFail(db, vmUuid);
  const volumes = await db.getRepository(VolumeEntity).find({ where: { vmInstanceUuid: vmUuid }, order: { createDate: 'ASC' } });
  return toInventory('VmInstanceInventory', { ...vm, vmNics: [], vmCdRoms: [], allVolumes: volumes.map(volumeInventory) });
}

export const offeringInventory = (offering: InstanceOfferingEntity): Inventory => toInventory('InstanceOfferingInventory', offering as unknown as Record<string, unknown>);
