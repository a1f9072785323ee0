import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { rowsOf } from '../../database/sql.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { VmDevices } from '../../vm-instance/vm-devices.js';
import { pciHostdev } from '../../vm-instance/vm-runtime.js';
import { PciDeviceEntity } from '../pci-device.entity.js';
import { pciDeviceInventory } from '../pci-device-rows.js';

export class AttachPciDeviceToVmCommand extends apiCommand('AttachPciDeviceToVm') {
  static readonly transactional = false;
}

export const givenPciDevice = (device: PciDeviceEntity) => ({ table: 'pci_device' as const, uuid: device.uuid, label: `PCI device ${device.pciDeviceAddress} (${device.uuid})`, hostUuid: device.hostUuid, hostdev: pciHostdev(device) });

/** Gives a PCI device of the VM's host to the VM (a libvirt hostdev, managed: libvirt binds
 *  it to vfio-pci). The device must be Enabled and free, and no other VM may hold a device of
 *  its IOMMU group: the group is what the host can isolate, so it goes to one VM whole. */
@CommandHandler(AttachPciDeviceToVmCommand)
export class AttachPciDeviceToVmHandler implements ICommandHandler<AttachPciDeviceToVmCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly devices: VmDevices,
  ) {}

  async execute({ job, params }: AttachPciDeviceToVmCommand): Promise<ApiReply> {
    const device = await resourceOrFail(this.db.manager, PciDeviceEntity, job.request.pathParams.pciDeviceUuid, 'pci device');
    const given = givenPciDevice(device);
    const vm = await this.devices.vmFor(params.vmInstanceUuid, given);
    if (device.vmInstanceUuid === vm.uuid) return { inventory: pciDeviceInventory(device) };
    if (device.state !== 'Enabled') throw ApiError.operation(`${given.label} is ${device.state}; enable it first`);
    if (device.vmInstanceUuid) throw ApiError.operation(`${given.label} is attached to VM ${device.vmInstanceUuid} already`);
    if (device.iommuGroup !== null) {
      const [other] = rowsOf<{ pciDeviceAddress: string; vmInstanceUuid: string }>(
        await this.db.query(
          `SELECT "pciDeviceAddress", "vmInstanceUuid" FROM "pci_device" WHERE "hostUuid" = $1 AND "iommuGroup" = $2 AND "vmInstanceUuid" IS NOT NULL AND "vmInstanceUuid" <> $3 LIMIT 1`,
          [device.hostUuid, device.iommuGroup, vm.uuid],
        ),
      );
      if (other) throw ApiError.operation(`${given.label} is in IOMMU group ${device.iommuGroup} with ${other.pciDeviceAddress}, attached to VM ${other.vmInstanceUuid}: an IOMMU group goes to one VM whole`);
    }
    await this.devices.attach(vm, given);
    return { inventory: pciDeviceInventory((await this.db.getRepository(PciDeviceEntity).findOneBy({ uuid: device.uuid }))!) };
  }
}
