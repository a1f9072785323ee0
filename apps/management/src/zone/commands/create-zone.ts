import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { TagService } from '../../tag/tag.service.js';
import { ZoneEntity } from '../zone.entity.js';
import { ZONE_RESOURCE_TYPE, zoneInventory } from '../zone.repository.js';

export class CreateZoneCommand extends apiCommand('CreateZone') {}

/** Creates an Enabled zone of type `zstack`, with the uuid the REST layer fixed for it. */
@CommandHandler(CreateZoneCommand)
export class CreateZoneHandler implements ICommandHandler<CreateZoneCommand, ApiReply> {
  constructor(private readonly tags: TagService) {}

  async execute({ job, params }: CreateZoneCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const zones = job.tx.getRepository(ZoneEntity);
    if (await zones.existsBy({ uuid })) throw ApiError.operation(`a zone with uuid ${uuid} already exists`);
    const now = new Date();
    const zone: ZoneEntity = {
      uuid,
      name: params.name,
      description: params.description ?? null,
      state: 'Enabled',
      type: 'zstack',
      createDate: now,
      lastOpDate: now,
    };
    await zones.insert(zone);
    await this.tags.attach(job.tx, uuid, ZONE_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    return { inventory: zoneInventory(zone) };
  }
}
