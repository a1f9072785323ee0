import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { changeEnableState } from '../../resource/common-actions.js';
import { enableStateMachine } from '../../resource/state-machine.js';
import { ClusterEntity } from '../cluster.entity.js';
import { clusterInventory, clusterOrFail } from '../cluster.repository.js';

export const ClusterStateMachine = enableStateMachine('ClusterState');

export class ChangeClusterStateCommand extends apiCommand('ChangeClusterState') {}

/** Enables or disables a cluster. */
@CommandHandler(ChangeClusterStateCommand)
export class ChangeClusterStateHandler implements ICommandHandler<ChangeClusterStateCommand, ApiReply> {
  async execute({ job, params }: ChangeClusterStateCommand): Promise<ApiReply> {
    const cluster = await clusterOrFail(job.tx, job.resourceUuid!);
    return { inventory: clusterInventory(await changeEnableState(job.tx, ClusterEntity, cluster, ClusterStateMachine, params.stateEvent)) };
  }
}
