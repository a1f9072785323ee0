import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { HostEntity } from '../host.entity.js';
import { hostInventory, hostOrFail } from '../host.repository.js';
import { type HostState, type HostStateEvent, HostStateMachine } from '../host-state-machines.js';

export class ChangeHostStateCommand extends apiCommand('ChangeHostState') {}

/** enable / disable / maintain. `maintain` passes through PreMaintenance (where ZStack
 *  migrates the host's VMs away; this release has no VMs to move) into Maintenance. */
@CommandHandler(ChangeHostStateCommand)
export class ChangeHostStateHandler implements ICommandHandler<ChangeHostStateCommand, ApiReply> {
  async execute({ job, params }: ChangeHostStateCommand): Promise<ApiReply> {
    const host = await hostOrFail(job.tx, job.resourceUuid!);
    const event: HostStateEvent = params.stateEvent;
    let state = host.state as HostState;
    if (event === 'maintain' && state !== 'Maintenance') state = HostStateMachine.next(state, 'preMaintain');
    host.state = HostStateMachine.next(state, event);
    host.lastOpDate = new Date();
    await job.tx.getRepository(HostEntity).save(host);
    return { inventory: hostInventory(host) };
  }
}
