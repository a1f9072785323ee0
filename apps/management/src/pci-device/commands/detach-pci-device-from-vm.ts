import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { VmDevices } from '../../vm-instance/vm-devices.js';
import { PciDeviceEntity } from '../pci-device.entity.js';
import { pciDeviceInventory } from '../pci-device-rows.js';
import { givenPciDevice } from './attach-pci-device-to-vm.js';

export class DetachPciDeviceFromVmCommand extends apiCommand('DetachPciDeviceFromVm') {
  static readonly transactional = false;
}

/** Takes a PCI device back from the VM (now, when it runs, and from its definition). */
@CommandHandler(DetachPciDeviceFromVmCommand)
export class DetachPciDeviceFromVmHandler implements ICommandHandler<DetachPciDeviceFromVmCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly devices: VmDevices,
  ) {}

  async execute({ job, params }: DetachPciDeviceFromVmCommand): Promise<ApiReply> {
    const device = await resourceOrFail(this.db.manager, PciDeviceEntity, job.request.pathParams.pciDeviceUuid, 'pci device');
    const given = givenPciDevice(device);
    if (device.vmInstanceUuid === null) return { inventory: pciDeviceInventory(device) };
    if (device.vmInstanceUuid !== params.vmInstanceUuid) throw ApiError.operation(`${given.label} is attached to VM ${device.vmInstanceUuid}, not ${params.vmInstanceUuid}`);
    await this.devices.detach(await this.devices.vmFor(params.vmInstanceUuid, given), given);
    return { inventory: pciDeviceInventory((await this.db.getRepository(PciDeviceEntity).findOneBy({ uuid: device.uuid }))!) };
  }
}
