import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { rowsOf } from '../../database/sql.js';
import { logger } from '../../logging/logger.js';
import { toInventory } from '../../resource/inventory.js';
import { imageCacheDirectory } from '../../vm-instance/commands/create-vm-instance.js';
import { VolumeEntity } from '../../vm-instance/vm-instance.entity.js';
import { VmPlacement } from '../../vm-instance/vm-placement.js';
import { VmRuntime } from '../../vm-instance/vm-runtime.js';
import { VolumeMigration } from '../../vm-instance/volume-migration.js';

export class LocalStorageMigrateVolumeCommand extends apiCommand('LocalStorageMigrateVolume') {
  // Copying a disk between hosts takes as long as the disk is big.
  static readonly transactional = false;
}

const LOCAL = 'LocalStorage';

/** Moves a volume of local storage to another host of the same storage (its VM stopped):
 *  the destination host's share reserved first, the file copied host to host by their agents
 *  (sha256 checked), then in one transaction the volume, its resource ref and its VM (which
 *  will start on the new host) point there and the source host's share is given back; last,
 *  the source's file and the VM's domain there are removed. A failure leaves the volume
 *  where it was and takes back the reservation and any copy. */
@CommandHandler(LocalStorageMigrateVolumeCommand)
export class LocalStorageMigrateVolumeHandler implements ICommandHandler<LocalStorageMigrateVolumeCommand, ApiReply> {
  private readonly log = logger('local-storage-migrate');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly migration: VolumeMigration,
    private readonly placement: VmPlacement,
    private readonly runtime: VmRuntime,
  ) {}

  async execute({ job, params }: LocalStorageMigrateVolumeCommand): Promise<ApiReply> {
    const moving = await this.migration.movable(job.request.pathParams.volumeUuid, (volume, storage) => {
      if (storage.type !== LOCAL) throw ApiError.operation(`volume ${volume.name} is on ${storage.type} primary storage ${storage.name}; LocalStorageMigrateVolume moves volumes of local storage (PrimaryStorageMigrateVolume moves the others)`);
    });
    const { volume, storage, vm } = moving;
    const sourceUuid = volume.hostUuid;
    if (!sourceUuid) throw ApiError.operation(`volume ${volume.name} has no host on local storage ${storage.name}`);
    if (sourceUuid === params.destHostUuid) {
      // This job's own earlier attempt committed before the node stopped: finish it.
      if (vm?.state === 'VolumeMigrating') {
        await this.migration.release(vm);
        return { inventory: await this.refInventory(volume.uuid) };
      }
      throw ApiError.invalidArgument(`destHostUuid: volume ${volume.name} is on host ${sourceUuid} already`);
    }
    const dest = await this.migration.connectedHost(params.destHostUuid, 'destination host');
    if (dest.state !== 'Enabled') throw ApiError.operation(`destination host ${dest.name} is ${dest.state}; enable it first`);
    const [share] = rowsOf<{ hostUuid: string }>(await this.db.query(`SELECT "hostUuid" FROM "local_storage_host_ref" WHERE "primaryStorageUuid" = $1 AND "hostUuid" = $2`, [storage.uuid, dest.uuid]));
    if (!share) throw ApiError.operation(`destination host ${dest.name} has no share of local storage ${storage.name} (its cluster is not attached to it)`);
    const source = await this.migration.connectedHost(sourceUuid, 'source host');
    await this.migration.refuseHostDevices(vm);
    const size = Number(volume.size);
    await this.migration.move(job, vm, {
      volumeUuid: volume.uuid,
      from: { hostUuid: source.uuid, path: volume.installPath! },
      to: { hostUuid: dest.uuid, path: volume.installPath!, cacheDirectory: imageCacheDirectory(moving.storagePath) },
      reserve: (tx) => this.placement.reserveStorage(tx, storage.uuid, LOCAL, dest.uuid, size),
      refusal: `destination host ${dest.name} has not ${size} bytes free on local storage ${storage.name} for volume ${volume.name}`,
      unreserve: (tx) => this.placement.releaseStorage(tx, storage.uuid, LOCAL, dest.uuid, size),
      record: async (tx, copy) => {
        await tx.getRepository(VolumeEntity).update({ uuid: volume.uuid }, { hostUuid: dest.uuid, actualSize: String(copy.actualSize), lastOpDate: new Date() });
        await tx.query(`UPDATE "local_storage_resource_ref" SET "hostUuid" = $2, "lastOpDate" = now() WHERE "resourceUuid" = $1`, [volume.uuid, dest.uuid]);
        await this.placement.releaseStorage(tx, storage.uuid, LOCAL, source.uuid, size);
      },
      vmChanges: volume.type === 'Root' ? { lastHostUuid: dest.uuid, clusterUuid: dest.clusterUuid, zoneUuid: dest.zoneUuid } : {},
      steps: { copying: `copying volume ${volume.name} from host ${source.name} to host ${dest.name}`, recording: 'recording the volume on its new host' },
    });
    // The VM is defined again on the host it starts on; its old definition would only mislead.
    if (vm && volume.type === 'Root') await this.runtime.undefine(source.uuid, vm.uuid).catch((err: Error) => this.log.warn({ vmUuid: vm.uuid, err: err.message }, 'could not undefine the VM on its old host'));
    return { inventory: await this.refInventory(volume.uuid) };
  }

  private async refInventory(volumeUuid: string) {
    const [ref] = rowsOf<Record<string, unknown>>(await this.db.query(`SELECT * FROM "local_storage_resource_ref" WHERE "resourceUuid" = $1`, [volumeUuid]));
    return toInventory('LocalStorageResourceRefInventory', ref);
  }
}
