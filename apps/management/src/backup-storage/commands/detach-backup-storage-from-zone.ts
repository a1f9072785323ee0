import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageZoneRefEntity } from '../backup-storage.entity.js';
import { backupStorageInventory, backupStorageOrFail } from '../backup-storage.repository.js';

export class DetachBackupStorageFromZoneCommand extends apiCommand('DetachBackupStorageFromZone') {}

/** Detaches a backup storage from a zone; one that is not attached there is refused. */
@CommandHandler(DetachBackupStorageFromZoneCommand)
export class DetachBackupStorageFromZoneHandler implements ICommandHandler<DetachBackupStorageFromZoneCommand, ApiReply> {
  async execute({ job }: DetachBackupStorageFromZoneCommand): Promise<ApiReply> {
    const { zoneUuid, backupStorageUuid } = job.request.pathParams;
    const bs = await backupStorageOrFail(job.tx, backupStorageUuid);
    const removed = await job.tx.getRepository(BackupStorageZoneRefEntity).delete({ backupStorageUuid, zoneUuid });
    if (!removed.affected) throw ApiError.operation(`backup storage ${bs.name} is not attached to zone ${zoneUuid}`);
    return { inventory: await backupStorageInventory(job.tx, bs) };
  }
}
