import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { HostModule } from '../host/host.module.js';
import { VmInstanceModule } from '../vm-instance/vm-instance.module.js';
import { AttachPciDeviceToVmHandler } from './commands/attach-pci-device-to-vm.js';
import { DetachPciDeviceFromVmHandler } from './commands/detach-pci-device-from-vm.js';
import { PCI_CANDIDATE_APIS } from './pci-device-candidates.js';
import { CreatePciDeviceOfferingHandler } from './commands/create-pci-device-offering.js';
import { DeletePciDeviceOfferingHandler } from './commands/delete-pci-device-offering.js';
import { DeletePciDeviceHandler } from './commands/delete-pci-device.js';
import { UpdateHostIommuStateHandler } from './commands/update-host-iommu-state.js';
import { UpdatePciDeviceHandler } from './commands/update-pci-device.js';
import { IOMMU_SYNC_APIS } from './iommu-apis.js';
import { PciDeviceDiscovery } from './pci-device-discovery.js';
import { PciDeviceEntity, PciDeviceOfferingEntity, PciDeviceOfferingInstanceOfferingRefEntity, PciDeviceOfferingRefEntity } from './pci-device.entity.js';

const HANDLERS = [
  UpdatePciDeviceHandler,
  DeletePciDeviceHandler,
  CreatePciDeviceOfferingHandler,
  DeletePciDeviceOfferingHandler,
  UpdateHostIommuStateHandler,
  AttachPciDeviceToVmHandler,
  DetachPciDeviceFromVmHandler,
];

/** PCI devices of hosts (discovered on connect), PCI device offerings, and the host's IOMMU. */
@Module({ imports: [HostModule, VmInstanceModule], providers: [...HANDLERS, PciDeviceDiscovery], exports: [PciDeviceDiscovery] })
export class PciDeviceModule {}

export const PCI_DEVICE_FAMILY: FamilyManifest = {
  name: 'pci-device',
  module: PciDeviceModule,
  entities: [PciDeviceEntity, PciDeviceOfferingRefEntity, PciDeviceOfferingEntity, PciDeviceOfferingInstanceOfferingRefEntity],
  handlers: HANDLERS,
  syncApis: [...IOMMU_SYNC_APIS, ...PCI_CANDIDATE_APIS],
  queryResources: ['PciDevice', 'PciDeviceOffering', 'PciDevicePciDeviceOfferingRef'],
};
