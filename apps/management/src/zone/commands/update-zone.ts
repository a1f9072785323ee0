import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { updateNameAndDescription } from '../../resource/common-actions.js';
import { ZoneEntity } from '../zone.entity.js';
import { zoneInventory, zoneOrFail } from '../zone.repository.js';

export class UpdateZoneCommand extends apiCommand('UpdateZone') {}

/** Changes a zone's name and/or description. */
@CommandHandler(UpdateZoneCommand)
export class UpdateZoneHandler implements ICommandHandler<UpdateZoneCommand, ApiReply> {
  async execute({ job, params }: UpdateZoneCommand): Promise<ApiReply> {
    const zone = await zoneOrFail(job.tx, job.resourceUuid!);
    return { inventory: zoneInventory(await updateNameAndDescription(job.tx, ZoneEntity, zone, params)) };
  }
}
