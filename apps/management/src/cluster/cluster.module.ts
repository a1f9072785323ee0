import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { ZoneModule } from '../zone/zone.module.js';
import { ClusterCascade } from './cluster-cascade.js';
import { ClusterEntity } from './cluster.entity.js';
import { ClusterRepository } from './cluster.repository.js';
import { ChangeClusterStateHandler } from './commands/change-cluster-state.js';
import { CreateClusterHandler } from './commands/create-cluster.js';
import { DeleteClusterHandler } from './commands/delete-cluster.js';
import { UpdateClusterHandler } from './commands/update-cluster.js';

const HANDLERS = [CreateClusterHandler, DeleteClusterHandler, UpdateClusterHandler, ChangeClusterStateHandler];

@Module({
  imports: [ZoneModule],
  providers: [...HANDLERS, ClusterCascade, ClusterRepository],
  exports: [ClusterRepository],
})
export class ClusterModule {}

export const CLUSTER_FAMILY: FamilyManifest = { name: 'cluster', module: ClusterModule, entities: [ClusterEntity], handlers: HANDLERS, queryResources: ['Cluster'] };
