import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { updateNameAndDescription } from '../../resource/common-actions.js';
import { BackupStorageEntity } from '../backup-storage.entity.js';
import { backupStorageInventory, backupStorageOrFail } from '../backup-storage.repository.js';

export class UpdateBackupStorageCommand extends apiCommand('UpdateBackupStorage') {}

/** Renames or re-describes a backup storage of any type. */
@CommandHandler(UpdateBackupStorageCommand)
export class UpdateBackupStorageHandler implements ICommandHandler<UpdateBackupStorageCommand, ApiReply> {
  async execute({ job, params }: UpdateBackupStorageCommand): Promise<ApiReply> {
    const bs = await backupStorageOrFail(job.tx, job.resourceUuid!);
    return { inventory: await backupStorageInventory(job.tx, await updateNameAndDescription(job.tx, BackupStorageEntity, bs, params)) };
  }
}
