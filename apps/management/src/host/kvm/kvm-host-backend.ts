// The KVM plug-in's side of the host family's HostBackend: connecting, pinging and
// calling a host's agent by its address and secret (kvm_host), which only this plug-in reads.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type AgentCallback, type AgentReply, AgentPath } from '#agent-protocol';
import { ApiError, ErrorCodes } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { AgentCallNotStarted, type LongAgentCall } from '../host-agent-channel.js';
import { HostBackends, type HostBackend } from '../host-backends.js';
import type { HostEntity } from '../host.entity.js';
import { AgentCallbacks } from '../../agent/agent-callbacks.js';
import { HostStepError, AgentDeployer } from '../../agent/agent-deployer.js';
import { agentClientOf, KvmHostConnector } from './kvm-host-connector.js';

/** An OS update may download and install for a long while. */
const UPDATE_OS_TIMEOUT_MS = 60 * 60_000;

@Injectable()
export class KvmHostBackend implements HostBackend, OnModuleInit {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: HostBackends,
    private readonly connector: KvmHostConnector,
    private readonly deployer: AgentDeployer,
    private readonly callbacks: AgentCallbacks,
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

  ping(hostUuid: string, timeoutMs: number): Promise<void> {
    return this.connector.ping(hostUuid, timeoutMs);
  }

  updateOs(hostUuid: string, excludePackages: string[]): Promise<AgentCallback> {
    return this.callLong(hostUuid, AgentPath.updateOs, { excludePackages }, { timeoutMs: UPDATE_OS_TIMEOUT_MS });
  }

  async call<T extends AgentReply>(hostUuid: string, path: string, body: object, timeoutMs: number): Promise<T> {
    const { host, kvm } = await this.connector.callTarget(hostUuid);
    return agentClientOf(host, kvm).call<T>(path, body, timeoutMs);
  }

  async callLong(hostUuid: string, path: string, body: object, { timeoutMs, onProgress }: LongAgentCall): Promise<AgentCallback> {
    const { host, kvm } = await this.connector.callTarget(hostUuid);
    const taskUuid = randomUUID().replace(/-/g, '');
    const ended = this.callbacks.expect(taskUuid, kvm.agentSecret, timeoutMs);
    ended.catch(() => undefined); // observed below; a refused start must not leave it unhandled
    try {
      const callbackUrl = await this.callbacks.urlFor(host.managementIp, taskUuid);
      await agentClientOf(host, kvm).call(path, { ...body, taskUuid, callbackUrl }, 30_000);
    } catch (err) {
      this.callbacks.cancel(taskUuid);
      throw new AgentCallNotStarted((err as Error).message);
    }
    await onProgress?.(`the agent of host ${host.name} accepted ${path}`, 1);
    const result = await ended;
    await onProgress?.(`the agent of host ${host.name} ended ${path}`, 100);
    return result;
  }
}
