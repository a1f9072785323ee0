import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { DeletionCascade, type DeleteMode } from '../resource/deletion-cascade.js';
import { TagService } from '../tag/tag.service.js';
import { ClusterEntity } from './cluster.entity.js';

/** Deletes clusters, their children first (hosts, through the cascade), then their tags. */
export async function deleteClusters(tx: EntityManager, cascade: DeletionCascade, uuids: readonly string[], mode: DeleteMode): Promise<void> {
  if (!uuids.length) return;
  await cascade.deleteChildren(tx, 'Cluster', uuids, mode);
  await new TagService().detachAll(tx, uuids);
  await tx.getRepository(ClusterEntity).delete({ uuid: In([...uuids]) });
}

/** A zone takes its clusters with it. */
@Injectable()
export class ClusterCascade implements OnModuleInit {
  constructor(private readonly cascade: DeletionCascade) {}

  onModuleInit(): void {
    this.cascade.register('Zone', {
      child: 'Cluster',
      refuse: async (tx, zoneUuids) => {
        const clusters = await tx.getRepository(ClusterEntity).find({ where: { zoneUuid: In([...zoneUuids]) }, select: { uuid: true } });
        return this.cascade.refusal(tx, 'Cluster', clusters.map((c) => c.uuid));
      },
      delete: async (tx, zoneUuids, mode) => {
        const clusters = await tx.getRepository(ClusterEntity).find({ where: { zoneUuid: In([...zoneUuids]) }, select: { uuid: true } });
        await deleteClusters(tx, this.cascade, clusters.map((c) => c.uuid), mode);
      },
    });
  }
}
