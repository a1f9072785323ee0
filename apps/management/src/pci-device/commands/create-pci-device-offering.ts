import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { rematchOfferings } from '../pci-device-discovery.js';
import { PciDeviceEntity, PciDeviceOfferingEntity } from '../pci-device.entity.js';
import { normalizePciId, pciDeviceOfferingInventory } from '../pci-device-rows.js';

export class CreatePciDeviceOfferingCommand extends apiCommand('CreatePciDeviceOffering') {}

function pciId(name: string, value: string | undefined | null, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw ApiError.invalidArgument(`${name} is required`);
    return null;
  }
  const id = normalizePciId(value);
  if (!id) throw ApiError.invalidArgument(`${name} "${value}" is not a PCI id (four hex digits, as lspci -n prints them: 10de)`);
  return id;
}

/** An offering of one kind of PCI device ("one A100"): every device of every host with its
 *  vendor and device id (and subsystem ids, where given) matches it at once, and devices
 *  discovered later match it as they are found. */
@CommandHandler(CreatePciDeviceOfferingCommand)
export class CreatePciDeviceOfferingHandler implements ICommandHandler<CreatePciDeviceOfferingCommand, ApiReply> {
  async execute({ job, params }: CreatePciDeviceOfferingCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const offerings = job.tx.getRepository(PciDeviceOfferingEntity);
    if (await offerings.existsBy({ uuid })) throw ApiError.operation(`a pci device offering with uuid ${uuid} already exists`);
    const vendorId = pciId('vendorId', params.vendorId, true)!;
    const deviceId = pciId('deviceId', params.deviceId, true)!;
    const now = new Date();
    const offering: PciDeviceOfferingEntity = {
      uuid,
      name: params.name || `${vendorId}:${deviceId}`,
      description: params.description ?? null,
      vendorId,
      deviceId,
      subvendorId: pciId('subvendorId', params.subvendorId, false),
      subdeviceId: pciId('subdeviceId', params.subdeviceId, false),
      type: params.type || 'Generic',
      createDate: now,
      lastOpDate: now,
    };
    await offerings.insert(offering);
    await rematchOfferings(job.tx, await job.tx.getRepository(PciDeviceEntity).findBy({ vendorId, deviceId }), [offering]);
    return { inventory: pciDeviceOfferingInventory(offering) };
  }
}
