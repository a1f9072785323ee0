// Keeps kvm_host.lastConnectError: why a KVM host last went Disconnected, whoever moved it
// (a failed connect or missed pings). It joins the host family's hooks like any plug-in.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { type HostConnectHook, HostConnectHooks } from '../host-connect-hooks.js';
import type { HostEntity } from '../host.entity.js';
import { KvmHostEntity } from './kvm-host.entity.js';

@Injectable()
export class KvmConnectErrors implements HostConnectHook, OnModuleInit {
  readonly name = 'KVM connect errors';

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly hooks: HostConnectHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.join(this);
  }

  /** Nothing to check: the connector cleared the error as the host connected. */
  async onConnected(): Promise<void> {}

  async onDisconnected(host: HostEntity, reason: string): Promise<void> {
    if (host.hypervisorType === 'KVM') await this.db.getRepository(KvmHostEntity).update({ uuid: host.uuid }, { lastConnectError: reason });
  }
}
