// NFS: the agent of each host of the attached clusters mounts `server:/export` on the
// storage's mount path (as ZStack, /opt/zstack/nfsprimarystorage/prim-<uuid>) with the
// options of the storage's `nfs::mount::options::` system tag. A host whose mount fails
// fails the attach with mount's own error, and the hosts that did mount unmount again.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type NfsMountReply, StorageAgentPath } from '#agent-protocol';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { logger } from '../../logging/logger.js';
import { TagService } from '../../tag/tag.service.js';
import { onEveryHost } from '../on-every-host.js';
import { type HostReading, type PrimaryStorageBackend, PrimaryStorageBackends, sharedMeasurement, type StorageMeasurement } from '../primary-storage-backends.js';
import type { PrimaryStorageEntity } from '../primary-storage.entity.js';
import type { StorageHost } from '../storage-hosts.js';
import { checkNfsUrl, mountOptionsOf } from './nfs-url.js';

export const NFS_TYPE = 'NFS';
/** ZStack's NfsPrimaryStorageConstant.DEFAULT_NFS_MOUNT_PATH_ON_HOST. */
export const NFS_MOUNT_BASE = '/opt/zstack/nfsprimarystorage';
/** A mount of an unreachable server gives up after this (the agent's own limit is longer). */
const MOUNT_TIMEOUT_MS = 150_000;

@Injectable()
export class NfsBackend implements PrimaryStorageBackend, OnModuleInit {
  private readonly log = logger('nfs-primary-storage');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: PrimaryStorageBackends,
    private readonly channel: HostAgentChannel,
    private readonly tags: TagService,
  ) {}

  onModuleInit(): void {
    this.backends.register(NFS_TYPE, this);
  }

  checkUrl(url: string): string {
    return checkNfsUrl(url);
  }

  mountPathOf(uuid: string): string {
    return `${NFS_MOUNT_BASE}/prim-${uuid}`;
  }

  async connect(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<HostReading[]> {
    const options = mountOptionsOf(await this.tags.systemTags(this.db.manager, storage.uuid));
    const mountPoint = storage.mountPath!;
    const mounted = await onEveryHost(
      hosts,
      `mounting ${storage.url} on ${mountPoint}`,
      async (host) => ({ host, reply: await this.channel.call<NfsMountReply>(host.uuid, StorageAgentPath.nfsMount, { url: storage.url, mountPoint, options }, MOUNT_TIMEOUT_MS) }),
      // Only what this attempt mounted is taken back: a mount that was there already stays.
      async (host, done) => (done.reply.mounted ? this.unmount(host, mountPoint) : undefined),
    );
    return mounted.map(({ host, reply }) => ({ host, capacity: reply.capacity }));
  }

  async measure(_tx: EntityManager, _storage: PrimaryStorageEntity, readings: readonly HostReading[]): Promise<StorageMeasurement | null> {
    return sharedMeasurement(readings);
  }

  /** One export: any one host sees the whole cache. */
  imageCacheDirectories(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): { host: StorageHost; directory: string }[] {
    return hosts.slice(0, 1).map((host) => ({ host, directory: this.mountPathOf(storage.uuid) }));
  }

  async disconnect(_tx: EntityManager, storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<void> {
    await Promise.all(hosts.map((host) => this.unmount(host, storage.mountPath!)));
  }

  private async unmount(host: StorageHost, path: string): Promise<void> {
    await this.channel.call(host.uuid, StorageAgentPath.nfsUnmount, { path }).catch((err: Error) => this.log.warn({ hostUuid: host.uuid, path, reason: err.message }, 'NFS mount left on a host'));
  }
}
