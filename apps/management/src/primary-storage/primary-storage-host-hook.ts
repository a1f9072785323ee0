// A host joining a cluster with primary storage must reach it: the storage's plug-in checks
// it (and re-measures the storage with it) before the host is Connected, as ZStack's
// PrimaryStorage connect extension does. A host that cannot stays Disconnected.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { type HostConnectHook, HostConnectHooks } from '../host/host-connect-hooks.js';
import type { HostEntity } from '../host/host.entity.js';
import { PrimaryStorageConnector } from './primary-storage-connector.js';
import { storagesAttachedTo } from './storage-hosts.js';

@Injectable()
export class PrimaryStorageHostHook implements HostConnectHook, OnModuleInit {
  readonly name = 'primary storage';

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
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
}
