import { Module } from '@nestjs/common';
import { ClusterCascade } from './cluster-cascade.js';
import { ChangeClusterStateCommand, ChangeClusterStateHandler } from './commands/change-cluster-state.js';
import { CreateClusterCommand, CreateClusterHandler } from './commands/create-cluster.js';
import { DeleteClusterCommand, DeleteClusterHandler } from './commands/delete-cluster.js';
import { UpdateClusterCommand, UpdateClusterHandler } from './commands/update-cluster.js';

export const CLUSTER_COMMANDS = [CreateClusterCommand, DeleteClusterCommand, UpdateClusterCommand, ChangeClusterStateCommand];

@Module({
  providers: [CreateClusterHandler, DeleteClusterHandler, UpdateClusterHandler, ChangeClusterStateHandler, ClusterCascade],
})
export class ClusterModule {}
