import type { FamilyManifest } from '../api/family.js';
import { PciDeviceEntity, PciDeviceOfferingRefEntity } from './pci-device.entity.js';

/** PCI devices: queryable; their APIs arrive with the device issue. */
export const PCI_DEVICE_FAMILY: FamilyManifest = { name: 'pci-device', entities: [PciDeviceEntity, PciDeviceOfferingRefEntity], queryResources: ['PciDevice'] };
