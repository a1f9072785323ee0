// Local storage: a directory on each host of the attached clusters, prepared and measured
// by the host's agent (its filesystem driver). Each host's share is its own row; the
// storage's capacity is their sum, as in ZStack.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { measureOnEveryHost, prepareOnEveryHost } from '../filesystem-readings.js';
import { type HostReading, type PrimaryStorageBackend, PrimaryStorageBackends, type StorageMeasurement } from '../primary-storage-backends.js';
import { checkDirectoryUrl } from '../primary-storage-creator.js';
import type { PrimaryStorageEntity } from '../primary-storage.entity.js';
import type { StorageHost } from '../storage-hosts.js';
import { LocalStorageHostRefEntity } from './local-storage-host-ref.entity.js';

export const LOCAL_STORAGE_TYPE = 'LocalStorage';

@Injectable()
export class LocalStorageBackend implements PrimaryStorageBackend, OnModuleInit {
  constructor(
    private readonly backends: PrimaryStorageBackends,
    private readonly channel: HostAgentChannel,
  ) {}

  onModuleInit(): void {
    this.backends.register(LOCAL_STORAGE_TYPE, this);
  }

  checkUrl(url: string): string {
    return checkDirectoryUrl(url, 'a local storage');
  }

  async connect(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<HostReading[]> {
    await prepareOnEveryHost(this.channel, hosts, storage.url, `preparing local storage directory ${storage.url}`);
    return measureOnEveryHost(this.channel, hosts, storage.url, `measuring local storage directory ${storage.url}`);
  }

  async measure(tx: EntityManager, storage: PrimaryStorageEntity, readings: readonly HostReading[]): Promise<StorageMeasurement> {
    const refs = tx.getRepository(LocalStorageHostRefEntity);
    const now = new Date();
    for (const { host, capacity } of readings) {
      const total = String(capacity.totalBytes);
      const available = String(capacity.availableBytes);
      await refs.upsert(
        {
          primaryStorageUuid: storage.uuid,
          hostUuid: host.uuid,
          totalCapacity: total,
          availableCapacity: available,
          totalPhysicalCapacity: total,
          availablePhysicalCapacity: available,
          systemUsedCapacity: String(Math.max(0, capacity.totalBytes - capacity.availableBytes)),
          createDate: now,
          lastOpDate: now,
        },
        { conflictPaths: ['primaryStorageUuid', 'hostUuid'], skipUpdateIfNoValuesChanged: false },
      );
    }
    const all = await refs.findBy({ primaryStorageUuid: storage.uuid });
    return {
      totalPhysicalCapacity: all.reduce((sum, r) => sum + Number(r.totalPhysicalCapacity), 0),
      availablePhysicalCapacity: all.reduce((sum, r) => sum + Number(r.availablePhysicalCapacity), 0),
    };
  }

  /** The hosts' shares leave the storage; the directories and what they hold stay on the hosts. */
  /** Each host caches the images its volumes use in its own directory. */
  imageCacheDirectories(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): { host: StorageHost; directory: string }[] {
    return hosts.map((host) => ({ host, directory: storage.url }));
  }

  async disconnect(tx: EntityManager, storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<void> {
    if (!hosts.length) return;
    await tx.getRepository(LocalStorageHostRefEntity).delete({ primaryStorageUuid: storage.uuid, hostUuid: In(hosts.map((h) => h.uuid)) });
  }
}
