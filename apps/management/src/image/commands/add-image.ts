import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { BackupStorageBackends } from '../../backup-storage/backup-storage-backends.js';
import { BackupStorageRepository } from '../../backup-storage/backup-storage.repository.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { logger } from '../../logging/logger.js';
import { TagService } from '../../tag/tag.service.js';
import { ImageBackupStorageRefEntity, ImageEntity } from '../image.entity.js';
import { IMAGE_RESOURCE_TYPE, imageInventory } from '../image.repository.js';

export class AddImageCommand extends apiCommand('AddImage') {
  // Downloading takes as long as the image is big: outside a transaction, with progress.
  static readonly transactional = false;
}

const URL_FORM = /^(https?:\/\/|file:\/\/\/|\/)/;

/** The checksums the operator expects, from system tags `md5::<hex>` and `sha256::<hex>`
 *  (this node's own tags: ZStack's AddImage has no checksum parameter). */
export function expectedChecksumsOf(systemTags: readonly string[]): { expectedMd5?: string; expectedSha256?: string } {
  const found: { expectedMd5?: string; expectedSha256?: string } = {};
  for (const tag of systemTags) {
    const m = /^(md5|sha256)::(.*)$/i.exec(tag);
    if (!m) continue;
    const [, kind, hex] = m;
    const length = kind.toLowerCase() === 'md5' ? 32 : 64;
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) throw ApiError.invalidArgument(`system tag ${tag}: a ${kind} checksum is ${length} hex digits`);
    if (kind.toLowerCase() === 'md5') found.expectedMd5 = hex.toLowerCase();
    else found.expectedSha256 = hex.toLowerCase();
  }
  return found;
}

/** Imports an image into a backup storage; the job shows the percent of bytes received.
 *  The image row is written only once the storage holds the content with its real size
 *  and checksums: a failed import (404, checksum mismatch...) leaves no row and no blob. */
@CommandHandler(AddImageCommand)
export class AddImageHandler implements ICommandHandler<AddImageCommand, ApiReply> {
  private readonly log = logger('add-image');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly storages: BackupStorageRepository,
    private readonly tags: TagService,
  ) {}

  async execute({ job, params }: AddImageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const done = await this.db.getRepository(ImageEntity).findOneBy({ uuid });
    if (done) return { inventory: await imageInventory(this.db.manager, done) }; // a redelivered command
    if (!URL_FORM.test(params.url)) throw ApiError.invalidArgument(`url ${params.url} is neither http(s)://, file:/// nor an absolute path on the backup storage host`);
    const expected = expectedChecksumsOf(job.request.systemTags);
    const bsUuid = params.backupStorageUuids[0];
    if (!bsUuid) throw ApiError.invalidArgument('backupStorageUuids names no backup storage');
    const bs = await this.storages.usableOrFail(bsUuid);
    const backend = this.backends.of(bs.type);
    await job.progress('downloading', 0);
    const stored = await backend.importImage(bsUuid, uuid, params.url, expected, (percent, bytes) => job.progress(`downloading: ${bytes} bytes`, percent ?? 0));
    const now = new Date();
    const image: ImageEntity = {
      uuid,
      name: params.name,
      description: params.description ?? null,
      state: 'Enabled',
      status: 'Ready',
      size: String(stored.size),
      actualSize: String(stored.size),
      md5Sum: stored.md5,
      sha256: stored.sha256,
      url: params.url,
      mediaType: params.mediaType ?? 'RootVolumeTemplate',
      guestOsType: params.guestOsType ?? null,
      type: params.type ?? 'zstack',
      platform: params.platform ?? null,
      format: params.format ?? (params.mediaType === 'ISO' ? 'iso' : 'qcow2'),
      system: params.system ?? false,
      architecture: params.architecture ?? null,
      exportUrl: null,
      createDate: now,
      lastOpDate: now,
    };
    try {
      await this.db.transaction(async (tx) => {
        await tx.getRepository(ImageEntity).insert(image);
        await tx.getRepository(ImageBackupStorageRefEntity).insert({ imageUuid: uuid, backupStorageUuid: bsUuid, installPath: stored.installPath, status: 'Ready', createDate: now, lastOpDate: now });
        await this.tags.attach(tx, uuid, IMAGE_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
      });
    } catch (err) {
      // Not recorded (the storage was deleted meanwhile...): the store forgets it too.
      await backend.deleteImage(bsUuid, uuid).catch((e: Error) => this.log.warn({ imageUuid: uuid, err: e.message }, 'could not forget the image'));
      throw err;
    }
    return { inventory: await imageInventory(this.db.manager, image) };
  }
}
