import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { logger } from '../logging/logger.js';
import { DeletionCascade } from '../resource/deletion-cascade.js';
import { TagService } from '../tag/tag.service.js';
import { HostBackends } from './host-backends.js';
import { HostEntity } from './host.entity.js';
import { deleteHostRows } from './host.repository.js';
import { forEachInParallel } from './in-parallel.js';

/** Agents removed at once when a cluster goes with its hosts. */
const PARALLEL_UNINSTALLS = 16;

/** A cluster takes its hosts with it (and their PCI devices, by foreign key). Each host's
 *  agent is stopped and removed first, as DeleteHost does; a host that cannot be reached
 *  is deleted all the same (its agent, if any, is logged as left behind). */
@Injectable()
export class HostCascade implements OnModuleInit {
  private readonly log = logger('host-cascade');

  constructor(
    private readonly cascade: DeletionCascade,
    private readonly tags: TagService,
    private readonly backends: HostBackends,
  ) {}

  onModuleInit(): void {
    this.cascade.register('Cluster', {
      child: 'Host',
      delete: async (tx, clusterUuids) => {
        const hosts = await tx.getRepository(HostEntity).find({ where: { clusterUuid: In([...clusterUuids]) }, select: { uuid: true, hypervisorType: true, managementIp: true } });
        if (!hosts.length) return;
        await forEachInParallel(hosts, PARALLEL_UNINSTALLS, (h) =>
          this.backends
            .of(h.hypervisorType)
            .uninstall(h.uuid, tx)
            .catch((err: Error) => this.log.warn({ hostUuid: h.uuid, managementIp: h.managementIp, reason: err.message }, 'agent left on a host deleted with its cluster')),
        );
        await deleteHostRows(tx, this.tags, hosts.map((h) => h.uuid));
      },
    });
  }
}
