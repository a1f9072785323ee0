import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DeletionCascade, type DeleteMode } from '../../resource/deletion-cascade.js';
import { TagService } from '../../tag/tag.service.js';
import { ZoneEntity } from '../zone.entity.js';

export class DeleteZoneCommand extends apiCommand('DeleteZone') {}

/** Deletes a zone and, through the cascade, everything in it. Deleting a zone that is
 *  already gone succeeds, as in ZStack. Permissive mode stops at the first child family
 *  that refuses; Enforcing deletes regardless. */
@CommandHandler(DeleteZoneCommand)
export class DeleteZoneHandler implements ICommandHandler<DeleteZoneCommand, ApiReply> {
  constructor(
    private readonly cascade: DeletionCascade,
    private readonly tags: TagService,
  ) {}

  async execute({ job }: DeleteZoneCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const mode = (job.request.query.deleteMode as DeleteMode | undefined) ?? 'Permissive';
    if (!(await job.tx.getRepository(ZoneEntity).existsBy({ uuid }))) return {};
    if (mode === 'Permissive') {
      const reason = await this.cascade.refusal(job.tx, 'Zone', [uuid]);
      if (reason) throw ApiError.operation(`zone ${uuid} cannot be deleted: ${reason}`);
    }
    await this.cascade.deleteChildren(job.tx, 'Zone', [uuid], mode);
    await this.tags.detachAll(job.tx, [uuid]);
    await job.tx.getRepository(ZoneEntity).delete({ uuid });
    return {};
  }
}
