// A discovered PCI function as a pci_device row, and which offerings a device matches.
import type { PciDevice } from '#agent-protocol';
import { toInventory, type Inventory } from '../resource/inventory.js';
import type { PciDeviceEntity, PciDeviceOfferingEntity } from './pci-device.entity.js';

/** Vendors whose display, 3D, audio, USB and serial functions ZStack calls GPU_* (its
 *  kvmagent matches NVIDIA, AMD and Haiguang by name; these are their PCI vendor ids). */
const GPU_VENDORS = new Set(['10de', '1002', '1d94']);

/** ZStack's PciDeviceType from the PCI class (two bytes: class and subclass), as its
 *  kvmagent derives it from lspci's class names. */
export function pciDeviceType(classId: string, vendorId: string): string {
  const gpu = GPU_VENDORS.has(vendorId);
  switch (classId) {
    case '0300':
    case '0380':
      return gpu ? 'GPU_Video_Controller' : 'Generic';
    case '0302':
      return gpu ? 'GPU_3D_Controller' : 'Generic';
    case '0403':
      return gpu ? 'GPU_Audio_Controller' : 'Audio_Controller';
    case '0c03':
      return gpu ? 'GPU_USB_Controller' : 'USB_Controller';
    case '0c80':
      return gpu ? 'GPU_Serial_Controller' : 'Generic';
    case '0200':
      return 'Ethernet_Controller';
    case '0700':
      return 'Serial_Controller';
    case '0600':
      return 'Host_Bridge';
    case '0604':
      return 'PCI_Bridge';
    case '1200':
      return 'GPU_Processing_Accelerators';
    default:
      return 'Generic';
  }
}

/** ZStack's PciDeviceVirtStatus for SR-IOV. */
export function virtStatusOf(device: PciDevice): string {
  if (device.physicalFunction) return 'SRIOV_VIRTUAL';
  if (device.sriov) return 'SRIOV_VIRTUALIZABLE';
  return 'UNVIRTUALIZABLE';
}

/** lspci's names, as ZStack's description of a device ("NVIDIA Corporation GA100 [A100 SXM4 40GB]"). */
export function describe(device: PciDevice): string | null {
  const names = [device.vendorName, device.deviceName].filter((n): n is string => !!n);
  return names.length ? names.join(' ') : null;
}

/** The fields discovery owns: refreshed on every round. Description, state and metaData are
 *  the operator's (UpdatePciDevice) and only set when the row is new. */
export function discoveredFields(device: PciDevice): Pick<PciDeviceEntity, 'vendorId' | 'deviceId' | 'subvendorId' | 'subdeviceId' | 'type' | 'iommuGroup' | 'driver' | 'virtStatus' | 'parentAddress'> {
  return {
    vendorId: device.vendorId,
    deviceId: device.deviceId,
    subvendorId: device.subsystemVendorId,
    subdeviceId: device.subsystemDeviceId,
    type: pciDeviceType(device.classId, device.vendorId),
    iommuGroup: device.iommuGroup,
    driver: device.driver,
    virtStatus: virtStatusOf(device),
    parentAddress: device.physicalFunction,
  };
}

type Ids = Pick<PciDeviceEntity, 'vendorId' | 'deviceId' | 'subvendorId' | 'subdeviceId'>;

/** An offering matches a device of its vendor and device id; subsystem ids only narrow it
 *  where the offering names them. */
export function offeringMatches(offering: Ids, device: Ids): boolean {
  return (
    offering.vendorId === device.vendorId &&
    offering.deviceId === device.deviceId &&
    (!offering.subvendorId || offering.subvendorId === device.subvendorId) &&
    (!offering.subdeviceId || offering.subdeviceId === device.subdeviceId)
  );
}

/** `0x10DE`, `10de` -> `10de`; null when it is not four hex digits. */
export function normalizePciId(id: string): string | null {
  const hex = id.trim().toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{4}$/.test(hex) ? hex : null;
}

export const pciDeviceInventory = (row: PciDeviceEntity): Inventory => toInventory('PciDeviceInventory', row as unknown as Record<string, unknown>);
export const pciDeviceOfferingInventory = (row: PciDeviceOfferingEntity): Inventory => toInventory('PciDeviceOfferingInventory', row as unknown as Record<string, unknown>);
