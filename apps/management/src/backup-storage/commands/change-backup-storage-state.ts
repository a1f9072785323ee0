import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { changeEnableState } from '../../resource/common-actions.js';
import { BackupStorageEntity } from '../backup-storage.entity.js';
import { backupStorageInventory, backupStorageOrFail } from '../backup-storage.repository.js';
import { BackupStorageStateMachine } from '../backup-storage-state-machines.js';

export class ChangeBackupStorageStateCommand extends apiCommand('ChangeBackupStorageState') {}

/** Enables or disables a backup storage (a disabled one takes no new images). */
@CommandHandler(ChangeBackupStorageStateCommand)
export class ChangeBackupStorageStateHandler implements ICommandHandler<ChangeBackupStorageStateCommand, ApiReply> {
  async execute({ job, params }: ChangeBackupStorageStateCommand): Promise<ApiReply> {
    const bs = await backupStorageOrFail(job.tx, job.resourceUuid!);
    return { inventory: await backupStorageInventory(job.tx, await changeEnableState(job.tx, BackupStorageEntity, bs, BackupStorageStateMachine, params.stateEvent)) };
  }
}
