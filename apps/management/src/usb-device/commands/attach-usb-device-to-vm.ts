import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { toInventory } from '../../resource/inventory.js';
import { VmDevices } from '../../vm-instance/vm-devices.js';
import { usbHostdev } from '../../vm-instance/vm-runtime.js';
import { UsbDeviceEntity } from '../usb-device.entity.js';

export class AttachUsbDeviceToVmCommand extends apiCommand('AttachUsbDeviceToVm') {
  static readonly transactional = false;
}

export const givenUsbDevice = (device: UsbDeviceEntity) => ({
  table: 'usb_device' as const,
  uuid: device.uuid,
  label: `USB device ${device.idVendor}:${device.idProduct} at ${device.busNum}-${device.devNum} (${device.uuid})`,
  hostUuid: device.hostUuid,
  hostdev: usbHostdev(device),
});
export const usbDeviceInventory = (device: UsbDeviceEntity) => toInventory('UsbDeviceInventory', device as unknown as Record<string, unknown>);

/** Passes a USB device of the VM's host (a licence dongle) through to the VM: a libvirt USB
 *  hostdev naming that very device by bus and device number. */
@CommandHandler(AttachUsbDeviceToVmCommand)
export class AttachUsbDeviceToVmHandler implements ICommandHandler<AttachUsbDeviceToVmCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly devices: VmDevices,
  ) {}

  async execute({ job, params }: AttachUsbDeviceToVmCommand): Promise<ApiReply> {
    const device = await resourceOrFail(this.db.manager, UsbDeviceEntity, job.request.pathParams.usbDeviceUuid, 'usb device');
    const given = givenUsbDevice(device);
    const vm = await this.devices.vmFor(params.vmInstanceUuid, given);
    if (device.vmInstanceUuid === vm.uuid) return { inventory: usbDeviceInventory(device) };
    if (device.state !== 'Enabled') throw ApiError.operation(`${given.label} is ${device.state}; enable it first`);
    if (device.vmInstanceUuid) throw ApiError.operation(`${given.label} is attached to VM ${device.vmInstanceUuid} already`);
    await this.devices.attach(vm, given);
    return { inventory: usbDeviceInventory((await this.db.getRepository(UsbDeviceEntity).findOneBy({ uuid: device.uuid }))!) };
  }
}
