// Shared Block: shared LUNs (a SAN's, or iSCSI LUNs every host logged in to) made into one
// LVM volume group by the hosts' agents. The group is named after the storage's uuid and
// created on the first host when the storage is first attached; every other host then must
// see it. Capacity is what `vgs` reports; each host's connection is a row of its own.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type BlockDisk, type BlockDisksReply, StorageAgentPath, type VolumeGroupReply } from '#agent-protocol';
import { ApiError } from '#contract';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { onEveryHost } from '../on-every-host.js';
import { type HostReading, type PrimaryStorageBackend, PrimaryStorageBackends, sharedMeasurement, type StorageMeasurement } from '../primary-storage-backends.js';
import type { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { describeHost, type StorageHost } from '../storage-hosts.js';
import { agentDiskId, diskMatching } from './shared-block-disks.js';
import { SharedBlockEntity, SharedBlockHostRefEntity } from './shared-block.entity.js';

export const SHARED_BLOCK_TYPE = 'SharedBlock';

@Injectable()
export class SharedBlockBackend implements PrimaryStorageBackend, OnModuleInit {
  constructor(
    private readonly backends: PrimaryStorageBackends,
    private readonly channel: HostAgentChannel,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.backends.register(SHARED_BLOCK_TYPE, this);
  }

  /** ZStack ignores a Shared Block storage's url; it is kept as given. */
  checkUrl(url: string): string {
    return url.trim();
  }

  /** Where LVM shows the group's logical volumes on every host. */
  mountPathOf(uuid: string): string {
    return `/dev/${uuid}`;
  }

  async connect(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<HostReading[]> {
    if (!hosts.length) return [];
    const blocks = await this.db.getRepository(SharedBlockEntity).find({ where: { sharedBlockGroupUuid: storage.uuid }, order: { createDate: 'ASC' } });
    const disksByHost = await this.tracked(storage, hosts, `looking for the disks of ${storage.name} (${blocks.map((b) => b.diskUuid).join(', ')})`, (host) =>
      this.disksHaving(host, blocks.map((b) => b.diskUuid)),
    );
    const created = await this.makeVolumeGroup(storage, hosts[0], disksByHost[0], blocks);
    let reports: VolumeGroupReply[];
    try {
      reports = await this.tracked(storage, hosts, `reading volume group ${storage.uuid}`, (host) =>
        this.channel.call<VolumeGroupReply>(host.uuid, StorageAgentPath.volumeGroupReport, { vgName: storage.uuid }),
      );
    } catch (err) {
      // The group this connect made goes again: a failed attach leaves the disks as they were.
      if (created) await this.channel.call(hosts[0].uuid, StorageAgentPath.volumeGroupRemove, { vgName: storage.uuid }).catch(() => undefined);
      throw err;
    }
    return hosts.map((host, i) => {
      const { volumeGroup, physicalVolumes } = reports[i];
      const devices = blocks.flatMap((b) => {
        const disk = diskMatching(disksByHost[i], b.diskUuid);
        const pv = physicalVolumes.find((p) => p.path === disk?.path);
        return pv ? [{ id: b.diskUuid, sizeBytes: pv.sizeBytes }] : [];
      });
      const capacity = {
        path: this.mountPathOf(storage.uuid),
        source: volumeGroup.name,
        fstype: 'lvm2',
        mountPoint: this.mountPathOf(storage.uuid),
        totalBytes: volumeGroup.sizeBytes,
        usedBytes: volumeGroup.sizeBytes - volumeGroup.freeBytes,
        availableBytes: volumeGroup.freeBytes,
      };
      return { host, capacity, devices };
    });
  }

  /** Each host's connection and each LUN's size, then the group's capacity (every host sees one group). */
  async measure(tx: EntityManager, storage: PrimaryStorageEntity, readings: readonly HostReading[]): Promise<StorageMeasurement | null> {
    const refs = tx.getRepository(SharedBlockHostRefEntity);
    const now = new Date();
    for (const { host } of readings) {
      const updated = await refs.update({ primaryStorageUuid: storage.uuid, hostUuid: host.uuid }, { status: 'Connected', lastOpDate: now });
      if (!updated.affected) {
        const [{ next }] = await tx.query(`SELECT COALESCE(MAX("hostId"), 0) + 1 AS "next" FROM "shared_block_group_primary_storage_host_ref" WHERE "primaryStorageUuid" = $1`, [storage.uuid]);
        await refs.insert({ primaryStorageUuid: storage.uuid, hostUuid: host.uuid, hostId: Number(next), status: 'Connected', createDate: now, lastOpDate: now });
      }
    }
    for (const device of readings[0]?.devices ?? []) {
      await tx.getRepository(SharedBlockEntity).update({ sharedBlockGroupUuid: storage.uuid, diskUuid: device.id }, { status: 'Connected', size: String(device.sizeBytes), lastOpDate: now });
    }
    return sharedMeasurement(readings);
  }

  /** The hosts leave the group; the volume group (the storage's data) stays on the LUNs. */
  async disconnect(tx: EntityManager, storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<void> {
    if (hosts.length) await tx.getRepository(SharedBlockHostRefEntity).delete({ primaryStorageUuid: storage.uuid, hostUuid: In(hosts.map((h) => h.uuid)) });
  }

  /** The host's disks, when it has every one of `diskUuids`; throws naming those it lacks. */
  async disksHaving(host: StorageHost, diskUuids: readonly string[]): Promise<BlockDisk[]> {
    const { disks } = await this.channel.call<BlockDisksReply>(host.uuid, StorageAgentPath.blockDisks, {});
    const missing = diskUuids.filter((id) => !diskMatching(disks, id));
    if (missing.length) throw ApiError.operation(`it has no disk ${missing.join(', ')}`);
    return disks;
  }

  /** Creates the group on `host` of the LUNs not in it yet, or extends it by them; true when
   *  it created it. A LUN in another volume group is refused, never taken over. */
  private async makeVolumeGroup(storage: PrimaryStorageEntity, host: StorageHost, disks: readonly BlockDisk[], blocks: readonly SharedBlockEntity[]): Promise<boolean> {
    const vgName = storage.uuid;
    const outside = blocks.map((b) => ({ block: b, disk: diskMatching(disks, b.diskUuid)! })).filter(({ disk }) => disk.vgName !== vgName);
    const taken = outside.filter(({ disk }) => disk.vgName !== null);
    if (taken.length) {
      throw ApiError.operation(taken.map(({ block, disk }) => `disk ${block.diskUuid} (${disk.path} on ${describeHost(host)}) belongs to volume group ${disk.vgName} already`).join('; '));
    }
    if (!outside.length) return false;
    const exists = disks.some((d) => d.vgName === vgName);
    const path = exists ? StorageAgentPath.volumeGroupExtend : StorageAgentPath.volumeGroupCreate;
    await this.channel.call<VolumeGroupReply>(host.uuid, path, { vgName, disks: outside.map(({ disk }) => agentDiskId(disk)) });
    return !exists;
  }

  /** onEveryHost, recording each host's connection to the group as it went. */
  private async tracked<T>(storage: PrimaryStorageEntity, hosts: readonly StorageHost[], what: string, run: (host: StorageHost) => Promise<T>): Promise<T[]> {
    const failed: string[] = [];
    try {
      return await onEveryHost(hosts, what, (host) =>
        run(host).catch((err: unknown) => {
          failed.push(host.uuid);
          throw err;
        }),
      );
    } finally {
      if (failed.length) {
        await this.db
          .getRepository(SharedBlockHostRefEntity)
          .update({ primaryStorageUuid: storage.uuid, hostUuid: In(failed) }, { status: 'Disconnected', lastOpDate: new Date() });
      }
    }
  }
}
