import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { BackupStorageConnector } from '../../backup-storage.repository.js';
import { ImageStoreBackend } from '../image-store-backend.js';
import { imageStoreInventory } from '../image-store-inventory.js';

export class ReconnectImageStoreBackupStorageCommand extends apiCommand('ReconnectImageStoreBackupStorage') {
  static readonly transactional = false;
}

/** ReconnectBackupStorage for an ImageStore, answering its own inventory: redeploys the
 *  agent when it is gone or outdated and re-reads the capacity. */
@CommandHandler(ReconnectImageStoreBackupStorageCommand)
export class ReconnectImageStoreBackupStorageHandler implements ICommandHandler<ReconnectImageStoreBackupStorageCommand, ApiReply> {
  constructor(
    private readonly connector: BackupStorageConnector,
    private readonly backend: ImageStoreBackend,
  ) {}

  async execute({ job }: ReconnectImageStoreBackupStorageCommand): Promise<ApiReply> {
    await this.backend.load(job.resourceUuid!); // fails on a backup storage of another type
    const bs = await this.connector.connect(job.resourceUuid!, job.progress);
    return { inventory: await imageStoreInventory(job.tx, bs) };
  }
}
