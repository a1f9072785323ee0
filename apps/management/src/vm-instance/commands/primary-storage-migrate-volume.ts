import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { rowsOf } from '../../database/sql.js';
import { CapacityReservations } from '../../primary-storage/capacity-reservations.js';
import { PrimaryStorageEntity } from '../../primary-storage/primary-storage.entity.js';
import { resourceOrFail } from '../../resource/common-actions.js';
import { VolumeEntity } from '../vm-instance.entity.js';
import { volumeInventory } from '../vm-instance.repository.js';
import { migrationCandidates, refuseUnlessSharedFile, SHARED_FILE_STORAGE_TYPES } from '../volume-migration-candidates.js';
import { VolumeMigration } from '../volume-migration.js';
import { imageCacheDirectory } from './create-vm-instance.js';

export class PrimaryStorageMigrateVolumeCommand extends apiCommand('PrimaryStorageMigrateVolume') {
  // Copying a disk takes as long as the disk is big.
  static readonly transactional = false;
}

/** Moves a volume (its VM stopped) to another shared mount point or NFS storage of its
 *  cluster: the destination's capacity reserved first, the file copied by a host that sees
 *  both storages (sha256 checked, the copy pointed at the destination's image cache), then in
 *  one transaction the volume points there and the source's capacity is given back; last the
 *  source file goes. A failure leaves the volume where it was, and nothing reserved or copied. */
@CommandHandler(PrimaryStorageMigrateVolumeCommand)
export class PrimaryStorageMigrateVolumeHandler implements ICommandHandler<PrimaryStorageMigrateVolumeCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly migration: VolumeMigration,
    private readonly reservations: CapacityReservations,
  ) {}

  async execute({ job, params }: PrimaryStorageMigrateVolumeCommand): Promise<ApiReply> {
    const volumeUuid = job.request.pathParams.volumeUuid;
    const moving = await this.migration.movable(volumeUuid, (_volume, storage) => refuseUnlessSharedFile(volumeUuid, storage.type));
    const { volume, storage: source, vm } = moving;
    if (source.uuid === params.dstPrimaryStorageUuid) {
      // This job's own earlier attempt committed before the node stopped: finish it.
      if (vm?.state === 'VolumeMigrating') {
        await this.migration.release(vm);
        return { inventory: volumeInventory(volume) };
      }
      throw ApiError.invalidArgument(`dstPrimaryStorageUuid: volume ${volume.name} is on primary storage ${source.uuid} already`);
    }
    const dest = await resourceOrFail(this.db.manager, PrimaryStorageEntity, params.dstPrimaryStorageUuid, 'primary storage');
    if (!(await migrationCandidates(this.db.manager, { primaryStorageUuid: source.uuid, size: volume.size }, dest.uuid)).length) throw ApiError.operation(await this.whyNot(volume, source, dest));
    const destPath = dest.mountPath ?? dest.url;
    // The same layout under the new storage's path.
    const sourceRoot = moving.storagePath.replace(/\/+$/, '');
    if (!volume.installPath!.startsWith(`${sourceRoot}/`)) throw ApiError.operation(`volume ${volume.name} (${volume.installPath}) is not under its storage's path ${moving.storagePath}`);
    const newPath = `${destPath.replace(/\/+$/, '')}${volume.installPath!.slice(sourceRoot.length)}`;
    const host = await this.hostSeeingBoth(source.uuid, dest.uuid, vm?.lastHostUuid ?? null);
    const size = Number(volume.size);
    await this.migration.move(job, vm, {
      volumeUuid: volume.uuid,
      from: { hostUuid: host, path: volume.installPath! },
      to: { hostUuid: host, path: newPath, cacheDirectory: imageCacheDirectory(destPath) },
      reserve: (tx) => this.reservations.reserve(dest.uuid, size, tx),
      refusal: `primary storage ${dest.name} has not ${size} bytes free for volume ${volume.name}`,
      unreserve: (tx) => this.reservations.release(dest.uuid, size, tx),
      record: async (tx, copy) => {
        await tx.getRepository(VolumeEntity).update({ uuid: volume.uuid }, { primaryStorageUuid: dest.uuid, installPath: newPath, actualSize: String(copy.actualSize), lastOpDate: new Date() });
        await this.reservations.release(source.uuid, size, tx);
      },
      steps: { copying: `copying volume ${volume.name} from ${source.name} to ${dest.name} on host ${host}`, recording: 'recording the volume on its new storage' },
    });
    return { inventory: volumeInventory((await this.db.getRepository(VolumeEntity).findOneBy({ uuid: volume.uuid }))!) };
  }

  /** A Connected host of a cluster both storages are attached to; the VM's own host first. */
  private async hostSeeingBoth(source: string, dest: string, preferred: string | null): Promise<string> {
    const [host] = rowsOf<{ uuid: string }>(
      await this.db.query(
        `SELECT h."uuid" FROM "host" h
         JOIN "primary_storage_cluster_ref" a ON a."clusterUuid" = h."clusterUuid" AND a."primaryStorageUuid" = $1
         JOIN "primary_storage_cluster_ref" b ON b."clusterUuid" = h."clusterUuid" AND b."primaryStorageUuid" = $2
         WHERE h."status" = 'Connected' ORDER BY (h."uuid" = $3) DESC, h."uuid" LIMIT 1`,
        [source, dest, preferred],
      ),
    );
    if (!host) throw ApiError.operation(`no Connected host sees both primary storage ${source} and ${dest} (a host of a cluster both are attached to copies the volume)`);
    return host.uuid;
  }

  private async whyNot(volume: VolumeEntity, source: PrimaryStorageEntity, dest: PrimaryStorageEntity): Promise<string> {
    const name = `primary storage ${dest.name}`;
    if (!SHARED_FILE_STORAGE_TYPES.includes(dest.type)) return `${name} is ${dest.type}; volumes of ${source.type} storage move to shared mount point or NFS storage`;
    if (dest.state !== 'Enabled') return `${name} is ${dest.state}`;
    if (dest.status !== 'Connected') return `${name} is ${dest.status}; reconnect it first`;
    if (Number(dest.availableCapacity) < Number(volume.size)) return `${name} has ${dest.availableCapacity} bytes free, volume ${volume.name} needs ${volume.size}`;
    return `${name} is attached to no cluster that ${source.name} is attached to`;
  }
}
