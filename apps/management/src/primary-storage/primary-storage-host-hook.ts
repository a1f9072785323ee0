// A host joining a cluster with primary storage must reach it: the storage's plug-in checks
// it (and re-measures the storage with it) before the host is Connected, as ZStack's
// PrimaryStorage connect extension does. A host that cannot stays Disconnected. Pings keep
// the capacity fresh: at most every ZSTACK_PRIMARY_STORAGE_REFRESH_INTERVAL seconds per
// cluster, a ping re-measures the cluster's storages in the background (reservations kept).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { type HostConnectHook, HostConnectHooks } from '../host/host-connect-hooks.js';
import { logger } from '../logging/logger.js';
import type { HostEntity } from '../host/host.entity.js';
import { PrimaryStorageConnector } from './primary-storage-connector.js';
import { storagesAttachedTo } from './storage-hosts.js';

@Injectable()
export class PrimaryStorageHostHook implements HostConnectHook, OnModuleInit {
  readonly name = 'primary storage';
  private readonly log = logger('primary-storage');
  /** When a ping last started re-measuring each cluster's storages: no SQL on the other pings. */
  private readonly measuredAt = new Map<string, number>();
  private readonly measuring = new Set<string>();

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly hooks: HostConnectHooks,
    private readonly connector: PrimaryStorageConnector,
  ) {}

  onModuleInit(): void {
    this.hooks.join(this);
  }

  async onConnected(host: HostEntity): Promise<void> {
    const joining = [{ uuid: host.uuid, name: host.name, managementIp: host.managementIp, clusterUuid: host.clusterUuid }];
    for (const uuid of await storagesAttachedTo(this.db.manager, [host.clusterUuid])) await this.connector.refresh(uuid, joining);
  }

  async onPing(host: HostEntity): Promise<void> {
    const interval = this.config.primaryStorageRefreshIntervalMs;
    const now = Date.now();
    if (interval <= 0 || now - (this.measuredAt.get(host.clusterUuid) ?? 0) < interval) return;
    this.measuredAt.set(host.clusterUuid, now);
    for (const uuid of await storagesAttachedTo(this.db.manager, [host.clusterUuid])) {
      if (this.measuring.has(uuid)) continue;
      this.measuring.add(uuid);
      // Not awaited: a slow storage must not hold up the ping round.
      void this.connector
        .refresh(uuid)
        .catch((err: unknown) => this.log.warn({ primaryStorageUuid: uuid, err: String(err) }, 'capacity refresh on ping failed'))
        .finally(() => this.measuring.delete(uuid));
    }
  }
}
