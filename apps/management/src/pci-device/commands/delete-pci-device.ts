import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { PciDeviceEntity } from '../pci-device.entity.js';

export class DeletePciDeviceCommand extends apiCommand('DeletePciDevice') {}

/** Forgets a PCI device (and its offering matches); the host's next discovery finds it
 *  again if it is still there. A device attached to a VM is refused in Permissive mode.
 *  Deleting a device that is already gone succeeds, as in ZStack. */
@CommandHandler(DeletePciDeviceCommand)
export class DeletePciDeviceHandler implements ICommandHandler<DeletePciDeviceCommand, ApiReply> {
  async execute({ job }: DeletePciDeviceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const devices = job.tx.getRepository(PciDeviceEntity);
    const device = await devices.findOneBy({ uuid });
    if (!device) return {};
    if (device.vmInstanceUuid && job.request.query.deleteMode !== 'Enforcing') {
      throw ApiError.operation(`pci device ${uuid} is attached to vm ${device.vmInstanceUuid}; detach it first`);
    }
    await devices.delete({ uuid });
    return {};
  }
}
