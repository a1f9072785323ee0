import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError, ErrorCodes, formatZStackDate } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { ClusterRepository } from '../../cluster/cluster.repository.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../config/config.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { logger } from '../../logging/logger.js';
import { AgentCallNotStarted } from '../host-agent-channel.js';
import { HostBackends } from '../host-backends.js';
import { HostEntity } from '../host.entity.js';

export class UpdateClusterOSCommand extends apiCommand('UpdateClusterOS') {
  static readonly transactional = false;
}

/** Updates the OS of every host of a cluster, one host at a time, through each host's
 *  backend; stops at the first host that fails, so a bad update never reaches them all.
 *  Every host must be Connected first. Answers a LongJobInventory as ZStack does. */
@CommandHandler(UpdateClusterOSCommand)
export class UpdateClusterOSHandler implements ICommandHandler<UpdateClusterOSCommand, ApiReply> {
  private readonly log = logger('update-cluster-os');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly clusters: ClusterRepository,
    private readonly backends: HostBackends,
  ) {}
  async execute({ job, params }: UpdateClusterOSCommand): Promise<ApiReply> {
    const started = new Date();
    const cluster = await this.clusters.getOrFail(this.db.manager, job.resourceUuid!);
    const hosts = await this.db.getRepository(HostEntity).find({ where: { clusterUuid: cluster.uuid }, order: { name: 'ASC' } });
    const notConnected = hosts.filter((h) => h.status !== 'Connected');
    if (notConnected.length) {
      throw ApiError.operation(`cluster ${cluster.name}: hosts ${notConnected.map((h) => `${h.name} (${h.status})`).join(', ')} are not Connected; reconnect them before updating the OS`);
    }
    const excludePackages = params.excludePackages ?? [];
    for (const [i, host] of hosts.entries()) {
      await job.progress(`updating host ${host.name} (${i + 1} of ${hosts.length})`, Math.round((i / hosts.length) * 100));
      await this.updateHost(host, excludePackages);
    }
    await job.progress(`updated ${hosts.length} hosts`, 100);
    return {
      inventory: {
        uuid: job.jobUuid,
        name: `update OS of cluster ${cluster.name}`,
        description: null,
        apiId: job.jobUuid,
        jobName: 'APIUpdateClusterOSMsg',
        jobData: JSON.stringify({ clusterUuid: cluster.uuid, excludePackages }),
        jobResult: `updated ${hosts.length} hosts`,
        targetResourceUuid: cluster.uuid,
        managementNodeUuid: this.config.nodeId,
        createDate: formatZStackDate(started),
        lastOpDate: formatZStackDate(new Date()),
        state: 'Succeeded',
      },
    };
  }

  private async updateHost(host: HostEntity, excludePackages: string[]): Promise<void> {
    const result = await this.backends
      .of(host.hypervisorType)
      .updateOs(host.uuid, excludePackages)
      .catch((err: Error) => {
        const stage = err instanceof AgentCallNotStarted ? 'the OS update did not start: ' : '';
        throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `host ${host.name}: ${stage}${err.message}`);
      });
    this.log.info({ hostUuid: host.uuid, returnCode: result.returnCode }, 'OS update ended');
    if (!result.success || result.returnCode !== 0) {
      throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `host ${host.name}: the OS update failed with exit code ${result.returnCode}; stderr: ${(result.stderr ?? '').trim().slice(-2000)}`);
    }
  }
}
