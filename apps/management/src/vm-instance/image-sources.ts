// The image a root volume is made from, and a URL the host can download it from: an export
// of a backup storage the image is on, attached to the VM's zone. An export the operator made
// (the image's exportUrl, still valid) is used as it is; otherwise one is made for this
// download and ended after it, so the operator's exports are never replaced.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { BackupStorageBackends } from '../backup-storage/backup-storage-backends.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { logger } from '../logging/logger.js';
import { ImageEntity } from '../image/image.entity.js';

export interface BootableImage {
  uuid: string;
  name: string;
  /** Bytes of its content: what the root volume reserves on primary storage. */
  size: number;
  sha256: string;
  format: string;
  platform: string | null;
  architecture: string | null;
  guestOsType: string | null;
  exportUrl: string | null;
  backupStorageUuids: string[];
}

/** An export URL still good for `marginMs` (its `expires` parameter, milliseconds since the epoch). */
export function exportStillValid(url: string | null, now: number, marginMs = 10 * 60_000): boolean {
  if (!url) return false;
  try {
    const expires = Number(new URL(url).searchParams.get('expires'));
    return Number.isFinite(expires) && expires > now + marginMs;
  } catch {
    return false;
  }
}

@Injectable()
export class ImageSources {
  private readonly log = logger('image-sources');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
  ) {}

  async bootableOrFail(imageUuid: string): Promise<BootableImage> {
    const image = await this.db.getRepository(ImageEntity).findOneBy({ uuid: imageUuid });
    if (!image) throw ApiError.notFound(`image ${imageUuid} does not exist`);
    if (image.status !== 'Ready' || image.state !== 'Enabled') throw ApiError.operation(`image ${image.name} is ${image.state} and ${image.status}; it must be Enabled and Ready`);
    if (image.mediaType !== 'RootVolumeTemplate') throw ApiError.operation(`image ${image.name} is a ${image.mediaType}, not a RootVolumeTemplate a VM boots from`);
    if (image.format !== 'qcow2' && image.format !== 'raw') throw ApiError.operation(`image ${image.name} is in ${image.format} format; a root volume is made from qcow2 or raw`);
    const refs = rowsOf<{ backupStorageUuid: string }>(
      await this.db.query(`SELECT "backupStorageUuid" FROM "image_backup_storage_ref" WHERE "imageUuid" = $1 AND "status" = 'Ready' ORDER BY "createDate"`, [imageUuid]),
    );
    if (!refs.length) throw ApiError.operation(`image ${image.name} is on no backup storage`);
    return {
      uuid: image.uuid,
      name: image.name,
      size: Number(image.size),
      sha256: image.sha256,
      format: image.format,
      platform: image.platform,
      architecture: image.architecture,
      guestOsType: image.guestOsType,
      exportUrl: image.exportUrl,
      backupStorageUuids: refs.map((r) => r.backupStorageUuid),
    };
  }

  /** Runs `use` with a URL of the image's bytes from a backup storage of `zoneUuid`. */
  async withDownloadUrl<T>(image: BootableImage, zoneUuid: string, use: (url: string) => Promise<T>): Promise<T> {
    if (exportStillValid(image.exportUrl, Date.now())) return use(image.exportUrl!);
    const [bs] = rowsOf<{ uuid: string; type: string }>(
      await this.db.query(
        `SELECT b."uuid", b."type" FROM "backup_storage" b JOIN "backup_storage_zone_ref" z ON z."backupStorageUuid" = b."uuid"
         WHERE z."zoneUuid" = $1 AND b."uuid" = ANY($2) AND b."status" = 'Connected' AND b."state" = 'Enabled' ORDER BY b."uuid" LIMIT 1`,
        [zoneUuid, image.backupStorageUuids],
      ),
    );
    if (!bs) throw ApiError.operation(`image ${image.name} is on no Enabled, Connected backup storage attached to zone ${zoneUuid}`);
    const backend = this.backends.of(bs.type);
    const exported = await backend.exportImage(bs.uuid, image.uuid);
    try {
      return await use(exported.url);
    } finally {
      await backend.deleteExport(bs.uuid, image.uuid).catch((err: Error) => this.log.warn({ imageUuid: image.uuid, err: err.message }, 'could not end the export made for a root volume'));
    }
  }
}
