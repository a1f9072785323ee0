import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { toInventory } from '../../resource/inventory.js';
import { UsbDeviceEntity } from '../usb-device.entity.js';

export class UpdateUsbDeviceCommand extends apiCommand('UpdateUsbDevice') {}

/** Renames, re-describes, enables or disables a USB device; rediscovery keeps these. */
@CommandHandler(UpdateUsbDeviceCommand)
export class UpdateUsbDeviceHandler implements ICommandHandler<UpdateUsbDeviceCommand, ApiReply> {
  async execute({ job, params }: UpdateUsbDeviceCommand): Promise<ApiReply> {
    const device = await resourceOrFail(job.tx, UsbDeviceEntity, job.resourceUuid!, 'usb device');
    if (params.name) device.name = params.name;
    if (params.description !== undefined) device.description = params.description ?? null;
    if (params.state) device.state = params.state;
    device.lastOpDate = new Date();
    const saved = await job.tx.getRepository(UsbDeviceEntity).save(device);
    return { inventory: toInventory('UsbDeviceInventory', saved as unknown as Record<string, unknown>) };
  }
}
