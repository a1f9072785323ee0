import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { changeEnableState } from '../../resource/common-actions.js';
import { enableStateMachine } from '../../resource/state-machine.js';
import { ZoneEntity } from '../zone.entity.js';
import { zoneInventory, zoneOrFail } from '../zone.repository.js';

export const ZoneStateMachine = enableStateMachine('ZoneState');

export class ChangeZoneStateCommand extends apiCommand('ChangeZoneState') {}

/** Enables or disables a zone. */
@CommandHandler(ChangeZoneStateCommand)
export class ChangeZoneStateHandler implements ICommandHandler<ChangeZoneStateCommand, ApiReply> {
  async execute({ job, params }: ChangeZoneStateCommand): Promise<ApiReply> {
    const zone = await zoneOrFail(job.tx, job.resourceUuid!);
    return { inventory: zoneInventory(await changeEnableState(job.tx, ZoneEntity, zone, ZoneStateMachine, params.stateEvent)) };
  }
}
