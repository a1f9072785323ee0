import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { PciDeviceEntity } from '../pci-device.entity.js';
import { pciDeviceInventory } from '../pci-device-rows.js';

export class UpdatePciDeviceCommand extends apiCommand('UpdatePciDevice') {}

/** Enables or disables a PCI device (a Disabled one is offered to no VM) and sets its
 *  description and metaData; rediscovery keeps what is set here. */
@CommandHandler(UpdatePciDeviceCommand)
export class UpdatePciDeviceHandler implements ICommandHandler<UpdatePciDeviceCommand, ApiReply> {
  async execute({ job, params }: UpdatePciDeviceCommand): Promise<ApiReply> {
    const device = await resourceOrFail(job.tx, PciDeviceEntity, job.resourceUuid!, 'pci device');
    if (params.state) device.state = params.state;
    if (params.description !== undefined) device.description = params.description ?? null;
    if (params.metaData !== undefined) device.metaData = params.metaData ?? null;
    device.lastOpDate = new Date();
    return { inventory: pciDeviceInventory(await job.tx.getRepository(PciDeviceEntity).save(device)) };
  }
}
