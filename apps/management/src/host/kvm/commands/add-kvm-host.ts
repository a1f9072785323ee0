import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AddKVMHostParams, ApiError, ErrorCodes } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { apiCommand, type ApiReply, type JobContext } from '../../../api/api-command.js';
import { ClusterRepository } from '../../../cluster/cluster.repository.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../../config/config.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { logger } from '../../../logging/logger.js';
import { TagService } from '../../../tag/tag.service.js';
import { HostEntity } from '../../host.entity.js';
import { checkManagementIp, deleteHostRows, HOST_RESOURCE_TYPE, hostInventory } from '../../host.repository.js';
import { AgentDeployer } from '../../../agent/agent-deployer.js';
import { KvmHostConnector } from '../kvm-host-connector.js';
import { KvmHostEntity } from '../kvm-host.entity.js';
import { sshPortOf } from '../../../ssh/ssh-session.js';

export class AddKVMHostCommand extends apiCommand('AddKVMHost') {
  // Deploying over SSH takes seconds to minutes: outside a transaction, with progress.
  static readonly transactional = false;
}

/** Adds a KVM host: records it Connecting, deploys and starts the agent over SSH, reads
 *  its facts, ends Connected. On any failure the job fails with HOST.1000 and the host
 *  row, the agent process and its files are gone. */
@CommandHandler(AddKVMHostCommand)
export class AddKVMHostHandler implements ICommandHandler<AddKVMHostCommand, ApiReply> {
  private readonly log = logger('add-kvm-host');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly connector: KvmHostConnector,
    private readonly deployer: AgentDeployer,
    private readonly tags: TagService,
    private readonly clusters: ClusterRepository,
  ) {}

  async execute({ job, params }: AddKVMHostCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const existing = await this.db.getRepository(HostEntity).findOneBy({ uuid });
    // A redelivered command (its node died mid-way): finished already, or start over.
    if (existing?.status === 'Connected') return { inventory: hostInventory(existing) };
    if (existing) await this.removeRows(uuid);

    const kvm = await this.record(job, params);
    const target = { host: params.managementIp, port: kvm.sshPort, username: kvm.username, password: kvm.password };
    try {
      const host = await this.connector.connect(uuid, 'always', job.progress);
      return { inventory: hostInventory(host) };
    } catch (err) {
      // The deployer cleans up after its own failed steps; this covers a failure after the
      // agent started (it did not answer, or its facts could not be read). Before that there
      // is nothing to remove, and a host that never answered SSH is not tried a second time.
      const deployed = await this.db.getRepository(KvmHostEntity).findOneBy({ uuid });
      if (deployed?.agentDir) await this.deployer.uninstall(target).catch((e: Error) => this.log.warn({ hostUuid: uuid, err: e.message }, 'could not remove the agent'));
      await this.removeRows(uuid);
      throw err;
    }
  }

  /** Checks the address and port, then records the host in one transaction. */
  private async record(job: JobContext, params: AddKVMHostParams): Promise<KvmHostEntity> {
    const managementIp = params.managementIp;
    const sshPort = sshPortOf(params.sshPort, 22);
    return this.db.transaction(async (tx) => this.insertRows(tx, job, params, managementIp, sshPort)).catch((err: Error & { code?: string }) => {
      // Two AddKVMHost calls for one IP at once: the unique index decides, the loser hears why.
      if (err.code === '23505') throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `another host already has managementIp ${managementIp}`);
      throw err;
    });
  }

  /** The host row (Connecting) and its KVM credentials. */
  private async insertRows(tx: EntityManager, job: JobContext, params: AddKVMHostParams, managementIp: string, sshPort: number): Promise<KvmHostEntity> {
    await checkManagementIp(tx, managementIp);
    const clusterUuid = params.clusterUuid;
    const cluster = await this.clusters.lockedOrFail(tx, clusterUuid);
    if (cluster.hypervisorType !== 'KVM') throw ApiError.operation(`cluster ${cluster.name} is of hypervisor type ${cluster.hypervisorType}; a KVM host needs a KVM cluster`);
    const now = new Date();
    const host: HostEntity = {
      uuid: job.resourceUuid!,
      zoneUuid: cluster.zoneUuid,
      clusterUuid,
      name: params.name,
      description: params.description ?? null,
      managementIp,
      hypervisorType: 'KVM',
      state: 'Enabled',
      status: 'Connecting',
      totalCpuCapacity: '0',
      availableCpuCapacity: '0',
      cpuSockets: null,
      totalMemoryCapacity: '0',
      availableMemoryCapacity: '0',
      cpuNum: null,
      createDate: now,
      lastOpDate: now,
    };
    const kvm: KvmHostEntity = {
      uuid: host.uuid,
      username: params.username,
      password: params.password,
      sshPort,
      agentPort: this.config.kvmAgentPort,
      agentSecret: randomBytes(32).toString('hex'),
      agentDir: null,
      agentVersion: null,
      lastConnectError: null,
    };
    await tx.getRepository(HostEntity).insert(host);
    await tx.getRepository(KvmHostEntity).insert(kvm);
    await this.tags.attach(tx, host.uuid, HOST_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    return kvm;
  }

  private async removeRows(uuid: string): Promise<void> {
    await this.db.transaction((tx) => deleteHostRows(tx, this.tags, [uuid]));
  }
}
