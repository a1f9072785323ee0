import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { DeletionCascade } from '../resource/deletion-cascade.js';
import { TagService } from '../tag/tag.service.js';
import { HostEntity } from './host.entity.js';

/** A cluster takes its hosts with it (and their PCI devices, by foreign key). Stopping
 *  the hosts' agents joins this step with the KVM host family. */
@Injectable()
export class HostCascade implements OnModuleInit {
  constructor(
    private readonly cascade: DeletionCascade,
    private readonly tags: TagService,
  ) {}

  onModuleInit(): void {
    this.cascade.register('Cluster', {
      child: 'Host',
      delete: async (tx, clusterUuids) => {
        const hosts = await tx.getRepository(HostEntity).find({ where: { clusterUuid: In([...clusterUuids]) }, select: { uuid: true } });
        if (!hosts.length) return;
        const uuids = hosts.map((h) => h.uuid);
        await this.tags.detachAll(tx, uuids);
        await tx.getRepository(HostEntity).delete({ uuid: In(uuids) });
      },
    });
  }
}
