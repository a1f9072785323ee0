import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageConnector, backupStorageInventory, backupStorageOrFail } from '../backup-storage.repository.js';

export class ReconnectBackupStorageCommand extends apiCommand('ReconnectBackupStorage') {
  // Reaching the storage may redeploy its agent over SSH: outside a transaction.
  static readonly transactional = false;
}

/** Reconnects a backup storage of any type: Connecting, then Connected with fresh capacity
 *  or Disconnected with the reason as the job's error. */
@CommandHandler(ReconnectBackupStorageCommand)
export class ReconnectBackupStorageHandler implements ICommandHandler<ReconnectBackupStorageCommand, ApiReply> {
  constructor(private readonly connector: BackupStorageConnector) {}

  async execute({ job }: ReconnectBackupStorageCommand): Promise<ApiReply> {
    await backupStorageOrFail(job.tx, job.resourceUuid!);
    const bs = await this.connector.connect(job.resourceUuid!, job.progress);
    return { inventory: await backupStorageInventory(job.tx, bs) };
  }
}
