import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { ClusterEntity } from './cluster.entity.js';

export const CLUSTER_RESOURCE_TYPE = 'ClusterVO';

export const clusterOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, ClusterEntity, uuid, 'cluster');

export function clusterInventory(cluster: ClusterEntity): Inventory {
  return toInventory('ClusterInventory', cluster as unknown as Record<string, unknown>);
}
