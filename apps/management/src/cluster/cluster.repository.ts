// The cluster family's rows. Other families reach clusters through ClusterRepository
// (injected), never through ClusterEntity.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { lockedForShareOrFail, resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { ClusterEntity } from './cluster.entity.js';

export const CLUSTER_RESOURCE_TYPE = 'ClusterVO';

export const clusterOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, ClusterEntity, uuid, 'cluster');

export function clusterInventory(cluster: ClusterEntity): Inventory {
  return toInventory('ClusterInventory', cluster as unknown as Record<string, unknown>);
}

/** What another family may know of a cluster. */
export type ClusterView = Pick<ClusterEntity, 'uuid' | 'name' | 'zoneUuid' | 'hypervisorType' | 'state'>;

@Injectable()
export class ClusterRepository {
  getOrFail(tx: EntityManager, uuid: string): Promise<ClusterView> {
    return clusterOrFail(tx, uuid);
  }

  /** The cluster, share-locked until `tx` ends: a DeleteCluster at the same time waits,
   *  so a host added meanwhile is never orphaned. */
  lockedOrFail(tx: EntityManager, uuid: string): Promise<ClusterView> {
    return lockedForShareOrFail(tx, ClusterEntity, uuid, 'cluster');
  }
}
