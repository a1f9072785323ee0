// Shared mount point: a path every host has mounted already (a cluster file system, a SAN
// volume...). Each host's agent checks the path exists and is writable; a marker file
// written on one host and read on all the others proves they all see one file system.
import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type MarkerReadReply, StorageAgentPath } from '#agent-protocol';
import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { measureOnEveryHost, prepareOnEveryHost } from '../filesystem-readings.js';
import { onEveryHost } from '../on-every-host.js';
import { type HostReading, type PrimaryStorageBackend, PrimaryStorageBackends, sharedMeasurement, type StorageMeasurement } from '../primary-storage-backends.js';
import { checkDirectoryUrl } from '../primary-storage-creator.js';
import type { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { describeHost, type StorageHost } from '../storage-hosts.js';

export const SHARED_MOUNT_POINT_TYPE = 'SharedMountPoint';

@Injectable()
export class SharedMountPointBackend implements PrimaryStorageBackend, OnModuleInit {
  constructor(
    private readonly backends: PrimaryStorageBackends,
    private readonly channel: HostAgentChannel,
  ) {}

  onModuleInit(): void {
    this.backends.register(SHARED_MOUNT_POINT_TYPE, this);
  }

  checkUrl(url: string): string {
    return checkDirectoryUrl(url, 'a shared mount point storage');
  }

  async connect(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<HostReading[]> {
    const path = storage.url;
    // df first: it fails on a path that does not exist, where prepare would create it.
    await measureOnEveryHost(this.channel, hosts, path, `checking that ${path} exists`);
    await prepareOnEveryHost(this.channel, hosts, path, `checking that ${path} is writable`);
    await this.checkOneFilesystem(path, hosts);
    return measureOnEveryHost(this.channel, hosts, path, `measuring ${path}`);
  }

  /** Writes a marker on the first host, and fails naming every other host that cannot read it. */
  private async checkOneFilesystem(directory: string, hosts: readonly StorageHost[]): Promise<void> {
    if (hosts.length < 2) return;
    const [writer, ...readers] = hosts;
    const marker = { directory, token: randomUUID() };
    await this.channel.call(writer.uuid, StorageAgentPath.markerWrite, marker);
    try {
      const found = await onEveryHost(readers, `reading the marker in ${directory}`, async (host) => (await this.channel.call<MarkerReadReply>(host.uuid, StorageAgentPath.markerRead, marker)).found);
      const elsewhere = readers.filter((_, i) => !found[i]);
      if (elsewhere.length) {
        throw ApiError.operation(`${elsewhere.map(describeHost).join(', ')} see another file system at ${directory} than ${describeHost(writer)}: a shared mount point must be one file system on every host`);
      }
    } finally {
      await this.channel.call(writer.uuid, StorageAgentPath.markerRemove, marker).catch(() => undefined);
    }
  }

  async measure(_tx: EntityManager, _storage: PrimaryStorageEntity, readings: readonly HostReading[]): Promise<StorageMeasurement | null> {
    return sharedMeasurement(readings);
  }

  /** Nothing to undo: the path was mounted before ZStack and stays mounted. */
  /** One file system: any one host sees the whole cache. */
  imageCacheDirectories(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): { host: StorageHost; directory: string }[] {
    return hosts.slice(0, 1).map((host) => ({ host, directory: storage.url }));
  }

  async disconnect(): Promise<void> {}
}
