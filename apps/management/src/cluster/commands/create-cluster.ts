import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { TagService } from '../../tag/tag.service.js';
import { ZoneRepository } from '../../zone/zone.repository.js';
import { ClusterEntity } from '../cluster.entity.js';
import { CLUSTER_RESOURCE_TYPE, clusterInventory } from '../cluster.repository.js';

export class CreateClusterCommand extends apiCommand('CreateCluster') {}

/** Creates an Enabled cluster in an existing zone. */
@CommandHandler(CreateClusterCommand)
export class CreateClusterHandler implements ICommandHandler<CreateClusterCommand, ApiReply> {
  constructor(
    private readonly tags: TagService,
    private readonly zones: ZoneRepository,
  ) {}

  async execute({ job, params }: CreateClusterCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const zoneUuid = params.zoneUuid;
    // Lock the zone so a DeleteZone running at the same time cannot orphan the cluster.
    await this.zones.lockedOrFail(job.tx, zoneUuid);
    const clusters = job.tx.getRepository(ClusterEntity);
    if (await clusters.existsBy({ uuid })) throw ApiError.operation(`a cluster with uuid ${uuid} already exists`);
    const now = new Date();
    const cluster: ClusterEntity = {
      uuid,
      name: params.name,
      description: params.description ?? null,
      state: 'Enabled',
      hypervisorType: params.hypervisorType,
      type: params.type ?? 'zstack',
      zoneUuid,
      createDate: now,
      lastOpDate: now,
    };
    await clusters.insert(cluster);
    await this.tags.attach(job.tx, uuid, CLUSTER_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    return { inventory: clusterInventory(cluster) };
  }
}
