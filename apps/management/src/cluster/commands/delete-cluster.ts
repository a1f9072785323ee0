import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DeletionCascade, type DeleteMode } from '../../resource/deletion-cascade.js';
import { ClusterEntity } from '../cluster.entity.js';
import { deleteClusters } from '../cluster-cascade.js';

export class DeleteClusterCommand extends apiCommand('DeleteCluster') {}

/** Deletes a cluster and what the cascade hangs below it; a missing cluster is success. */
@CommandHandler(DeleteClusterCommand)
export class DeleteClusterHandler implements ICommandHandler<DeleteClusterCommand, ApiReply> {
  constructor(private readonly cascade: DeletionCascade) {}

  async execute({ job }: DeleteClusterCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const mode = (job.request.query.deleteMode as DeleteMode | undefined) ?? 'Permissive';
    if (!(await job.tx.getRepository(ClusterEntity).existsBy({ uuid }))) return {};
    if (mode === 'Permissive') {
      const reason = await this.cascade.refusal(job.tx, 'Cluster', [uuid]);
      if (reason) throw ApiError.operation(`cluster ${uuid} cannot be deleted: ${reason}`);
    }
    await deleteClusters(job.tx, this.cascade, [uuid], mode);
    return {};
  }
}
