import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { updateNameAndDescription } from '../../resource/common-actions.js';
import { ClusterEntity } from '../cluster.entity.js';
import { clusterInventory, clusterOrFail } from '../cluster.repository.js';

export class UpdateClusterCommand extends apiCommand('UpdateCluster') {}

/** Changes a cluster's name and/or description. */
@CommandHandler(UpdateClusterCommand)
export class UpdateClusterHandler implements ICommandHandler<UpdateClusterCommand, ApiReply> {
  async execute({ job, params }: UpdateClusterCommand): Promise<ApiReply> {
    const cluster = await clusterOrFail(job.tx, job.resourceUuid!);
    return { inventory: clusterInventory(await updateNameAndDescription(job.tx, ClusterEntity, cluster, params)) };
  }
}
