import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { TagService } from '../../tag/tag.service.js';
import { InstanceOfferingEntity } from '../vm-instance.entity.js';
import { INSTANCE_OFFERING_RESOURCE_TYPE, offeringInventory } from '../vm-instance.repository.js';
import { checkVmSize } from '../vm-size.js';

export class CreateInstanceOfferingCommand extends apiCommand('CreateInstanceOffering') {}

/** The CPUs and memory of the VMs created with it (ZStack's UserVm offering). */
@CommandHandler(CreateInstanceOfferingCommand)
export class CreateInstanceOfferingHandler implements ICommandHandler<CreateInstanceOfferingCommand, ApiReply> {
  constructor(private readonly tags: TagService) {}

  async execute({ job, params }: CreateInstanceOfferingCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const offerings = job.tx.getRepository(InstanceOfferingEntity);
    if (await offerings.existsBy({ uuid })) throw ApiError.operation(`an instance offering with uuid ${uuid} already exists`);
    checkVmSize(params.cpuNum, params.memorySize);
    const now = new Date();
    const offering: InstanceOfferingEntity = {
      uuid,
      name: params.name,
      description: params.description ?? null,
      cpuNum: params.cpuNum,
      cpuSpeed: 0,
      memorySize: String(params.memorySize),
      type: params.type || 'UserVm',
      allocatorStrategy: params.allocatorStrategy ?? null,
      sortKey: params.sortKey ?? 0,
      state: 'Enabled',
      createDate: now,
      lastOpDate: now,
    };
    await offerings.insert(offering);
    await this.tags.attach(job.tx, uuid, INSTANCE_OFFERING_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    return { inventory: offeringInventory(offering) };
  }
}
