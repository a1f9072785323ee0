// Brings a KVM host to Connected: reaches its agent (redeploying it over SSH when it is
// missing or outdated), reads the host's facts and records them. Used by AddKVMHost,
// ReconnectHost and the ping tracker's background reconnects.
import { Inject, Injectable } from '@nestjs/common';
import type { HostFacts, HypervisorInfo } from '#agent-protocol';
import { ApiError, ErrorCodes } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { logger } from '../../logging/logger.js';
import { TagService } from '../../tag/tag.service.js';
import { HostEntity } from '../host.entity.js';
import { HOST_RESOURCE_TYPE } from '../host.repository.js';
import { HostConnectHookError, HostConnectHooks } from '../host-connect-hooks.js';
import { HostStatusWriter } from '../host-status-writer.js';
import { AgentCallError, AgentClient } from '../../agent/agent-client.js';
import { agentIsCurrent, awaitAgent } from '../../agent/agent-readiness.js';
import { KvmHostEntity } from './kvm-host.entity.js';
import { HostStepError, AgentDeployer } from '../../agent/agent-deployer.js';

/** System tags a connection rewrites: what the host is, as ZStack's KVM tags say it. */
const FACT_TAG_PREFIXES = ['os::distribution::', 'os::release::', 'os::version::', 'cpuModelName::', 'hvm::', 'libvirt::version::', 'hypervisor::version::', 'kernel::version::', 'iommu::'];

export function factTags(facts: HostFacts, hypervisor: HypervisorInfo): string[] {
  return [
    `os::distribution::${facts.osDistribution}`,
    `os::release::${facts.osRelease}`,
    `os::version::${facts.osVersion}`,
    `cpuModelName::${facts.cpuModelName}`,
    ...(facts.cpuVirtualization ? [`hvm::${facts.cpuVirtualization}`] : []),
    `libvirt::version::${hypervisor.libvirtVersion}`,
    `hypervisor::version::${hypervisor.hypervisorType} ${hypervisor.hypervisorVersion}`,
    `kernel::version::${facts.kernelVersion}`,
    `iommu::${facts.iommuEnabled ? 'enabled' : 'disabled'}`,
  ];
}

export const agentClientOf = (host: Pick<HostEntity, 'uuid' | 'managementIp'>, kvm: Pick<KvmHostEntity, 'agentPort' | 'agentSecret'>): AgentClient =>
  new AgentClient({ hostUuid: host.uuid, ip: host.managementIp, port: kvm.agentPort, secret: kvm.agentSecret });

export type Redeploy = 'if-needed' | 'always';

@Injectable()
export class KvmHostConnector {
  private readonly log = logger('kvm-connector');
  /** Each pinged host's agent client: one ping round reads no kvm_host row. A connect (which
   *  may have a new address or secret) and a failed ping forget it. */
  private readonly agents = new Map<string, AgentClient>();

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly deployer: AgentDeployer,
    private readonly tags: TagService,
    private readonly status: HostStatusWriter,
    private readonly hooks: HostConnectHooks,
  ) {}

  /** Connects the host, deploying the agent as needed; on failure the host is
   *  Disconnected and the error says which step failed and why (HOST.1000). The host
   *  family's connect hooks run once the facts are read; a failing hook fails the connect. */
  async connect(hostUuid: string, redeploy: Redeploy, onStep?: (step: string, percent: number) => Promise<void>): Promise<HostEntity> {
    this.agents.delete(hostUuid);
    this.agentKeys.delete(hostUuid);
    const { host, kvm } = await this.load(hostUuid);
    const connecting = (await this.status.move(hostUuid, 'connecting'))!;
    try {
      const reachable = redeploy === 'if-needed' && (await agentIsCurrent(agentClientOf(host, kvm), host.uuid, this.deployer.agentVersion));
      if (!reachable) {
        const deployed = await this.deployer.deploy(
          { host: host.managementIp, port: kvm.sshPort, username: kvm.username, password: kvm.password, hostUuid, agentPort: kvm.agentPort, agentSecret: kvm.agentSecret },
          onStep,
        );
        await this.db.getRepository(KvmHostEntity).update({ uuid: hostUuid }, { agentDir: deployed.agentDir, agentVersion: deployed.agentVersion });
      }
      await onStep?.('connect to agent', 80);
      const { facts, hypervisor } = await this.collect(host, kvm);
      await this.hooks.connected(connecting);
      return await this.recordConnected(hostUuid, facts, hypervisor);
    } catch (err) {
      const reason = err instanceof HostStepError || err instanceof AgentCallError || err instanceof HostConnectHookError ? err.message : String(err);
      await this.status.move(hostUuid, 'disconnected', { reason, missingOk: true });
      this.log.warn({ hostUuid, reason }, 'host disconnected');
      throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `cannot connect host ${host.name} (${host.managementIp}): ${reason}`);
    }
  }

  /** Resolves when the host's agent answers as this host; throws why not. */
  async ping(hostUuid: string, timeoutMs: number): Promise<void> {
    let agent = this.agents.get(hostUuid);
    if (!agent) {
      const { host, kvm } = await this.load(hostUuid);
      agent = agentClientOf(host, kvm);
      this.agents.set(hostUuid, agent);
    }
    try {
      const pong = await agent.ping(timeoutMs);
      if (pong.hostUuid !== hostUuid) throw new Error(`the agent at ${agent.address.ip} answers for host ${pong.hostUuid}`);
    } catch (err) {
      this.agents.delete(hostUuid);
      throw err;
    }
  }

  /** Waits for a just-started agent, then reads facts and the hypervisor. */
  private async collect(host: HostEntity, kvm: KvmHostEntity): Promise<{ facts: HostFacts; hypervisor: HypervisorInfo }> {
    const agent = agentClientOf(host, kvm);
    await awaitAgent(agent, host.uuid);
    try {
      const [{ facts }, { hypervisor }] = await Promise.all([agent.facts(), agent.hypervisor()]);
      return { facts, hypervisor };
    } catch (err) {
      throw new HostStepError('collect facts', (err as Error).message);
    }
  }

  private async recordConnected(hostUuid: string, facts: HostFacts, hypervisor: HypervisorInfo): Promise<HostEntity> {
    const host = await this.status.move(hostUuid, 'connected', {
      also: async (tx, host) => {
        host.cpuNum = facts.cpuThreads;
        host.cpuSockets = facts.cpuSockets;
        // Measured again; what the VMs running here hold stays taken (vm-instance/host-capacity.ts).
        const [held] = await tx.query(`SELECT COALESCE(SUM("cpuNum"), 0) AS "cpu", COALESCE(SUM("memorySize"), 0) AS "memory" FROM "vm_instance" WHERE "hostUuid" = $1`, [hostUuid]);
        host.totalCpuCapacity = String(facts.cpuThreads);
        host.availableCpuCapacity = String(facts.cpuThreads - Number(held.cpu));
        host.totalMemoryCapacity = String(facts.memoryBytes);
        host.availableMemoryCapacity = String(facts.memoryBytes - Number(held.memory));
        await tx.getRepository(KvmHostEntity).update({ uuid: hostUuid }, { lastConnectError: null });
        await this.tags.replaceSystemTags(tx, hostUuid, HOST_RESOURCE_TYPE, FACT_TAG_PREFIXES, factTags(facts, hypervisor));
      },
    });
    this.log.info({ hostUuid, cpuNum: facts.cpuThreads, memory: facts.memoryBytes }, 'host connected');
    return host!;
  }

  /** Each host's agent port and secret, which never change after AddKVMHost (a reconnect
   *  deploys with the same ones): a call reads the host's row (its address may change), not
   *  the kvm_host row too. */
  private readonly agentKeys = new Map<string, Pick<KvmHostEntity, 'agentPort' | 'agentSecret'>>();

  /** What a call to the host's agent needs: its row as it is now, and its agent's port and secret. */
  async callTarget(hostUuid: string): Promise<{ host: HostEntity; kvm: Pick<KvmHostEntity, 'agentPort' | 'agentSecret'> }> {
    const cached = this.agentKeys.get(hostUuid);
    if (!cached) {
      const { host, kvm } = await this.load(hostUuid);
      if (this.agentKeys.size >= 100_000) this.agentKeys.clear();
      this.agentKeys.set(hostUuid, { agentPort: kvm.agentPort, agentSecret: kvm.agentSecret });
      return { host, kvm };
    }
    const host = await this.db.getRepository(HostEntity).findOneBy({ uuid: hostUuid });
    if (!host) throw ApiError.notFound(`host ${hostUuid} does not exist`);
    return { host, kvm: cached };
  }

  async load(hostUuid: string, db: EntityManager = this.db.manager): Promise<{ host: HostEntity; kvm: KvmHostEntity }> {
    const host = await db.getRepository(HostEntity).findOneBy({ uuid: hostUuid });
    const kvm = await db.getRepository(KvmHostEntity).findOneBy({ uuid: hostUuid });
    if (!host) throw ApiError.notFound(`host ${hostUuid} does not exist`);
    if (!kvm) throw ApiError.operation(`host ${hostUuid} is not a KVM host`);
    return { host, kvm };
  }
}
