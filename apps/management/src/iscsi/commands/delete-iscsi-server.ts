import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { TagService } from '../../tag/tag.service.js';
import { IscsiServerEntity } from '../iscsi.entity.js';

export class DeleteIscsiServerCommand extends apiCommand('DeleteIscsiServer') {}

/** Deletes a server with its targets, LUNs and cluster refs (by foreign key); nothing on the
 *  target changes. Deleting a server that is gone succeeds. */
@CommandHandler(DeleteIscsiServerCommand)
export class DeleteIscsiServerHandler implements ICommandHandler<DeleteIscsiServerCommand, ApiReply> {
  constructor(private readonly tags: TagService) {}

  async execute({ job }: DeleteIscsiServerCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    await this.tags.detachAll(job.tx, [uuid]);
    await job.tx.getRepository(IscsiServerEntity).delete({ uuid });
    return {};
  }
}
