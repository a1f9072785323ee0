import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { rowsOf } from '../../database/sql.js';
import { TagService } from '../../tag/tag.service.js';
import type { ZoneEntity } from '../zone.entity.js';
import { ZONE_RESOURCE_TYPE, zoneInventory } from '../zone.repository.js';

export class CreateZoneCommand extends apiCommand('CreateZone') {
  // Writes its own zone row (and its own tags) only.
  static readonly independent = true;
}

/** Creates an Enabled zone of type `zstack`, with the uuid the REST layer fixed for it. */
@CommandHandler(CreateZoneCommand)
export class CreateZoneHandler implements ICommandHandler<CreateZoneCommand, ApiReply> {
  constructor(private readonly tags: TagService) {}

  async execute({ job, params }: CreateZoneCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
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
    // The uuid check and the insert in one statement (one round trip, on every create):
    // a row already there is left as it is and nothing is returned.
    const inserted = rowsOf(await job.tx.query(
      `INSERT INTO "zone" ("uuid", "name", "description", "state", "type", "createDate", "lastOpDate")
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("uuid") DO NOTHING RETURNING "uuid"`,
      [zone.uuid, zone.name, zone.description, zone.state, zone.type, zone.createDate, zone.lastOpDate],
    ));
    if (inserted.length === 0) throw ApiError.operation(`a zone with uuid ${uuid} already exists`);
    await this.tags.attach(job.tx, uuid, ZONE_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    return { inventory: zoneInventory(zone) };
  }
}
