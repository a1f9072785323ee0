import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { VmDevices } from '../../vm-instance/vm-devices.js';
import { vmOrFail } from '../../vm-instance/vm-instance.repository.js';
import { UsbDeviceEntity } from '../usb-device.entity.js';
import { givenUsbDevice, usbDeviceInventory } from './attach-usb-device-to-vm.js';

export class DetachUsbDeviceFromVmCommand extends apiCommand('DetachUsbDeviceFromVm') {
  static readonly transactional = false;
}

/** Takes a USB device back from the VM it is attached to (ZStack's call names no VM). */
@CommandHandler(DetachUsbDeviceFromVmCommand)
export class DetachUsbDeviceFromVmHandler implements ICommandHandler<DetachUsbDeviceFromVmCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly devices: VmDevices,
  ) {}

  async execute({ job }: DetachUsbDeviceFromVmCommand): Promise<ApiReply> {
    const device = await resourceOrFail(this.db.manager, UsbDeviceEntity, job.request.pathParams.usbDeviceUuid, 'usb device');
    if (device.vmInstanceUuid === null) return { inventory: usbDeviceInventory(device) };
    await vmOrFail(this.db.manager, device.vmInstanceUuid);
    const given = givenUsbDevice(device);
    await this.devices.detach(await this.devices.vmFor(device.vmInstanceUuid, given), given);
    return { inventory: usbDeviceInventory((await this.db.getRepository(UsbDeviceEntity).findOneBy({ uuid: device.uuid }))!) };
  }
}
