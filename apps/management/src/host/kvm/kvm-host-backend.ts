// The KVM plug-in's side of the host family's HostBackend.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiError, ErrorCodes } from '#contract';
import type { EntityManager } from 'typeorm';
import { HostBackends, type HostBackend } from '../host-backends.js';
import type { HostEntity } from '../host.entity.js';
import { HostStepError, KvmAgentDeployer } from './kvm-agent-deployer.js';
import { KvmHostConnector } from './kvm-host-connector.js';

@Injectable()
export class KvmHostBackend implements HostBackend, OnModuleInit {
  constructor(
    private readonly backends: HostBackends,
    private readonly connector: KvmHostConnector,
    private readonly deployer: KvmAgentDeployer,
  ) {}

  onModuleInit(): void {
    this.backends.register('KVM', this);
  }

  connect(hostUuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<HostEntity> {
    return this.connector.connect(hostUuid, 'if-needed', onStep);
  }

  async uninstall(hostUuid: string, db?: EntityManager): Promise<void> {
    const { host, kvm } = await this.connector.load(hostUuid, db);
    try {
      await this.deployer.uninstall({ host: host.managementIp, port: kvm.sshPort, username: kvm.username, password: kvm.password });
    } catch (err) {
      if (err instanceof HostStepError) throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, err.message);
      throw err;
    }
  }
}
