// What moving a volume takes, whichever API moves it (LocalStorageMigrateVolume to another
// host, PrimaryStorageMigrateVolume to another storage): the volume's VM held Stopped as
// VolumeMigrating for the while (so it is not started from a half-moved disk), and the file
// carried by the agents themselves (the source shares it, the destination downloads it; the
// bytes never pass through the management node), its image cache file with it when the
// destination lacks it. Commands on one volume run one at a time (the job partition is the
// volume), so a migration found VolumeMigrating is this job's own earlier attempt, resumed.
import { basename, dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { ReceiveVolumeCommand, RootVolumeReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import type { JobContext } from '../api/api-command.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { HostEntity } from '../host/host.entity.js';
import { logger } from '../logging/logger.js';
import { PrimaryStorageEntity } from '../primary-storage/primary-storage.entity.js';
import { resourceOrFail } from '../resource/common-actions.js';
import { VmInstanceEntity, VolumeEntity } from './vm-instance.entity.js';
import { VmRuntime } from './vm-runtime.js';

export const VOLUME_MIGRATING = 'VolumeMigrating';
/** A share outlives any transfer the node waits for. */
const SHARE_SECONDS = 6 * 3600;
const TRANSFER_TIMEOUT_MS = 6 * 3600_000;

export interface MovingVolume {
  volume: VolumeEntity;
  storage: PrimaryStorageEntity;
  /** Where the storage is on its hosts (its mount path for NFS, else its url). */
  storagePath: string;
  vm: VmInstanceEntity | null;
}

export interface FileLocation {
  hostUuid: string;
  path: string;
}

/** Where a volume goes, and what each backend changes on the way. */
export interface VolumeMove {
  volumeUuid: string;
  from: FileLocation;
  to: FileLocation & { cacheDirectory: string };
  /** The destination's capacity taken in `tx`; false (nothing taken) when it has not enough. */
  reserve(tx: EntityManager): Promise<boolean>;
  /** Said when `reserve` finds not enough. */
  refusal: string;
  unreserve(tx: EntityManager): Promise<void>;
  /** The volume's rows in its new place and the source's capacity given back, in `tx`. */
  record(tx: EntityManager, copy: RootVolumeReply['volume']): Promise<void>;
  /** The VM's rows as the move leaves them (a new host for local storage). */
  vmChanges?: Partial<VmInstanceEntity>;
  /** The job's progress steps. */
  steps: { copying: string; recording: string };
}

@Injectable()
export class VolumeMigration {
  private readonly log = logger('volume-migration');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly runtime: VmRuntime,
  ) {}

  /** The volume, with its storage and VM, checked movable: on a storage `accept` takes (it
   *  throws saying why not), Ready, its VM stopped. */
  async movable(volumeUuid: string, accept: (volume: VolumeEntity, storage: PrimaryStorageEntity) => void): Promise<MovingVolume> {
    const volume = await resourceOrFail(this.db.manager, VolumeEntity, volumeUuid, 'volume');
    if (!volume.primaryStorageUuid || !volume.installPath) throw ApiError.operation(`volume ${volume.name} is on no primary storage`);
    const storage = await resourceOrFail(this.db.manager, PrimaryStorageEntity, volume.primaryStorageUuid, 'primary storage');
    accept(volume, storage);
    if (volume.status !== 'Ready') throw ApiError.operation(`volume ${volume.name} is ${volume.status}; only a Ready volume is migrated`);
    const vm = volume.vmInstanceUuid ? await this.db.getRepository(VmInstanceEntity).findOneBy({ uuid: volume.vmInstanceUuid }) : null;
    if (vm && vm.state !== 'Stopped' && vm.state !== VOLUME_MIGRATING) throw ApiError.operation(`VM ${vm.name} of volume ${volume.name} is ${vm.state}; stop it to migrate its volume`);
    return { volume, storage, storagePath: storage.mountPath ?? storage.url, vm };
  }

  /** The VM cannot leave its host while it holds that host's PCI or USB devices. */
  async refuseHostDevices(vm: VmInstanceEntity | null): Promise<void> {
    if (!vm) return;
    const [held] = rowsOf<{ what: string }>(
      await this.db.query(
        `SELECT 'PCI device ' || "pciDeviceAddress" AS "what" FROM "pci_device" WHERE "vmInstanceUuid" = $1
         UNION ALL SELECT 'USB device ' || "busNum" || '-' || "devNum" FROM "usb_device" WHERE "vmInstanceUuid" = $1 LIMIT 1`,
        [vm.uuid],
      ),
    );
    if (held) throw ApiError.operation(`VM ${vm.name} holds ${held.what} of its host; detach its devices before moving its volume to another host`);
  }

  /** Moves the volume's file: the destination's capacity reserved and the VM held, the file
   *  copied, then in one transaction `record` puts the volume in its new place (and gives back
   *  the source's capacity) while the VM goes back to Stopped (with `vmChanges`); last the
   *  source's file is deleted. A failure takes back the reservation and any copy, and leaves
   *  the volume where it was. */
  async move(job: JobContext, vm: VmInstanceEntity | null, move: VolumeMove): Promise<void> {
    await this.reserveAndHold(vm, move.reserve, move.refusal);
    let copied = false;
    try {
      await job.progress(move.steps.copying, 10);
      const copy = await this.copy(move.from, move.to);
      copied = true;
      await job.progress(move.steps.recording, 90);
      await this.db.transaction(async (tx) => {
        await move.record(tx, copy);
        await this.release(vm, tx, move.vmChanges);
      });
    } catch (err) {
      if (copied) await this.deleteCopy(move.to, `the copy of volume ${move.volumeUuid} a failed migration left`);
      await this.giveBack(vm, move.unreserve);
      throw err;
    }
    await this.deleteCopy(move.from, `the source copy of migrated volume ${move.volumeUuid}`);
  }

  /** The destination's capacity reserved and the VM held Stopped as VolumeMigrating, in one
   *  transaction: a VM VolumeMigrating always has its destination reserved, so a migration
   *  resumed after a crash (the VM found VolumeMigrating) reserves nothing a second time. */
  private async reserveAndHold(vm: VmInstanceEntity | null, reserve: VolumeMove['reserve'], refusal: string): Promise<void> {
    if (vm?.state === VOLUME_MIGRATING) return;
    await this.db.transaction(async (tx) => {
      if (!(await reserve(tx))) throw ApiError.operation(refusal);
      if (!vm) return;
      const held = rowsOf<{ uuid: string }>(
        await tx.query(`UPDATE "vm_instance" SET "state" = $2, "lastOpDate" = now() WHERE "uuid" = $1 AND "state" = 'Stopped' RETURNING "uuid"`, [vm.uuid, VOLUME_MIGRATING]),
      );
      if (!held.length) throw ApiError.operation(`VM ${vm.name} is no longer Stopped; stop it to migrate its volume`);
    });
  }

  /** Undoes reserveAndHold after a failure, in one transaction; a failure here is logged. */
  private async giveBack(vm: VmInstanceEntity | null, unreserve: VolumeMove['unreserve']): Promise<void> {
    await this.db
      .transaction(async (tx) => {
        await unreserve(tx);
        await this.release(vm, tx);
      })
      .catch((err: Error) => this.log.warn({ vmUuid: vm?.uuid, err: err.message }, 'could not give back the reservation of a failed migration'));
  }

  /** VolumeMigrating back to Stopped (in `tx` with the volume's new place, or after a failure). */
  async release(vm: VmInstanceEntity | null, tx: EntityManager = this.db.manager, changes: Partial<VmInstanceEntity> = {}): Promise<void> {
    if (vm) await tx.getRepository(VmInstanceEntity).update({ uuid: vm.uuid, state: VOLUME_MIGRATING }, { ...changes, state: 'Stopped', lastOpDate: new Date() });
  }

  /** A Connected host, named in the error as the role it plays. */
  async connectedHost(hostUuid: string, role: string): Promise<HostEntity> {
    const host = await this.db.getRepository(HostEntity).findOneBy({ uuid: hostUuid });
    if (!host) throw ApiError.notFound(`${role} ${hostUuid} does not exist`);
    if (host.status !== 'Connected') throw ApiError.operation(`${role} ${host.name} is ${host.status}; reconnect it first`);
    return host;
  }

  /** Copies the volume's file (and its image cache file, when `to` has none yet) with the
   *  hosts' agents, each file checked by sha256; the source is left as it was. */
  private async copy(from: FileLocation, to: FileLocation & { cacheDirectory: string }): Promise<RootVolumeReply['volume']> {
    const shared = await this.runtime.shareVolume(from.hostUuid, from.path, SHARE_SECONDS);
    try {
      const { volume, backing } = shared;
      const command: ReceiveVolumeCommand = {
        volume: { url: volume.url, sha256: volume.sha256 },
        volumePath: to.path,
        // ZStack's image cache layout: <cache>/<imageUuid>/<imageUuid>.qcow2, the same on every storage.
        backing: backing ? { url: backing.url, sha256: backing.sha256, path: join(to.cacheDirectory, basename(dirname(backing.path)), basename(backing.path)), format: backing.format } : null,
      };
      return await this.runtime.receiveVolume(to.hostUuid, command, TRANSFER_TIMEOUT_MS);
    } finally {
      const shareIds = [shared.volume.shareId, ...(shared.backing ? [shared.backing.shareId] : [])];
      await this.runtime.unshareVolume(from.hostUuid, shareIds).catch((err: Error) => this.log.warn({ hostUuid: from.hostUuid, err: err.message }, 'could not end the shares of a moved volume (they expire)'));
    }
  }

  /** Deletes a copy no row points at any more; a failure is logged (an orphan file, not a wrong row). */
  private async deleteCopy(at: FileLocation, why: string): Promise<void> {
    await this.runtime.deleteVolume(at.hostUuid, at.path).catch((err: Error) =>
      this.log.warn({ hostUuid: at.hostUuid, path: at.path, err: err.message }, `could not delete ${why}`),
    );
  }
}
