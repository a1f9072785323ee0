import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PciDeviceOfferingEntity, PciDeviceOfferingInstanceOfferingRefEntity } from '../pci-device.entity.js';

export class DeletePciDeviceOfferingCommand extends apiCommand('DeletePciDeviceOffering') {}

/** Deletes an offering and its device matches (the devices stay). An offering an instance
 *  offering asks for is refused in Permissive mode. Deleting one already gone succeeds. */
@CommandHandler(DeletePciDeviceOfferingCommand)
export class DeletePciDeviceOfferingHandler implements ICommandHandler<DeletePciDeviceOfferingCommand, ApiReply> {
  async execute({ job }: DeletePciDeviceOfferingCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const offerings = job.tx.getRepository(PciDeviceOfferingEntity);
    if (!(await offerings.existsBy({ uuid }))) return {};
    const used = await job.tx.getRepository(PciDeviceOfferingInstanceOfferingRefEntity).countBy({ pciDeviceOfferingUuid: uuid });
    if (used && job.request.query.deleteMode !== 'Enforcing') {
      throw ApiError.operation(`pci device offering ${uuid} is used by ${used} instance offering(s); remove it from them first`);
    }
    await offerings.delete({ uuid }); // the match and instance-offering rows go by cascade
    return {};
  }
}
