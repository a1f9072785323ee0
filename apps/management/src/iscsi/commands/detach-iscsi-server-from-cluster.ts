import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { IscsiServerClusterRefEntity } from '../iscsi.entity.js';
import { iscsiServerInventory, iscsiServerOrFail } from '../iscsi-records.js';

export class DetachIscsiServerFromClusterCommand extends apiCommand('DetachIscsiServerFromCluster') {}

/** Detaches a server from a cluster; detaching what is not attached changes nothing. */
@CommandHandler(DetachIscsiServerFromClusterCommand)
export class DetachIscsiServerFromClusterHandler implements ICommandHandler<DetachIscsiServerFromClusterCommand, ApiReply> {
  async execute({ job }: DetachIscsiServerFromClusterCommand): Promise<ApiReply> {
    const { clusterUuid, uuid } = job.request.pathParams;
    await iscsiServerOrFail(job.tx, uuid);
    await job.tx.getRepository(IscsiServerClusterRefEntity).delete({ iscsiServerUuid: uuid, clusterUuid });
    return { inventory: await iscsiServerInventory(job.tx, uuid) };
  }
}
