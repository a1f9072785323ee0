import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { logger } from '../../../logging/logger.js';
import { BackupStorageConnector } from '../../backup-storage.repository.js';
import { ImageStoreBackend } from '../image-store-backend.js';
import { ImageStoreImages } from '../image-store-images.js';

export class ReclaimSpaceFromImageStoreCommand extends apiCommand('ReclaimSpaceFromImageStore') {
  static readonly transactional = false;
}

/** Removes the blobs no image of the store references (and what interrupted imports left),
 *  then re-reads the store's capacity. ZStack's reply is empty; the log says what went. */
@CommandHandler(ReclaimSpaceFromImageStoreCommand)
export class ReclaimSpaceFromImageStoreHandler implements ICommandHandler<ReclaimSpaceFromImageStoreCommand, ApiReply> {
  private readonly log = logger('image-store');

  constructor(
    private readonly backend: ImageStoreBackend,
    private readonly images: ImageStoreImages,
    private readonly connector: BackupStorageConnector,
  ) {}

  async execute({ job }: ReclaimSpaceFromImageStoreCommand): Promise<ApiReply> {
    const { bs, host } = await this.backend.load(job.resourceUuid!);
    const reclaimed = await this.images.reclaim(bs, host);
    this.log.info({ backupStorageUuid: bs.uuid, blobs: reclaimed.removedBlobs.length, bytes: reclaimed.reclaimedBytes }, 'space reclaimed');
    await job.progress(`reclaimed ${reclaimed.reclaimedBytes} bytes (${reclaimed.removedBlobs.length} blobs)`, 90);
    await this.connector.connect(bs.uuid);
    return {};
  }
}
