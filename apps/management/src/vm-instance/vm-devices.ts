// The PCI and USB devices given to VMs.
import type { EntityManager } from 'typeorm';

/** A destroyed VM's devices become candidates for other VMs again. */
export async function freeDevicesOf(tx: EntityManager, vmUuid: string): Promise<void> {
  await tx.query(`UPDATE "pci_device" SET "vmInstanceUuid" = NULL, "lastOpDate" = now() WHERE "vmInstanceUuid" = $1`, [vmUuid]);
  await tx.query(`UPDATE "usb_device" SET "vmInstanceUuid" = NULL, "lastOpDate" = now() WHERE "vmInstanceUuid" = $1`, [vmUuid]);
}
