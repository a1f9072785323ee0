import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { TagService } from '../../tag/tag.service.js';
import { InstanceOfferingEntity } from '../vm-instance.entity.js';

export class DeleteInstanceOfferingCommand extends apiCommand('DeleteInstanceOffering') {}

/** VMs created with it keep their CPUs and memory (their instanceOfferingUuid becomes null);
 *  an offering that does not exist is already deleted, as in ZStack. */
@CommandHandler(DeleteInstanceOfferingCommand)
export class DeleteInstanceOfferingHandler implements ICommandHandler<DeleteInstanceOfferingCommand, ApiReply> {
  constructor(private readonly tags: TagService) {}

  async execute({ job }: DeleteInstanceOfferingCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    await this.tags.detachAll(job.tx, [uuid]);
    await job.tx.getRepository(InstanceOfferingEntity).delete({ uuid });
    return {};
  }
}
