import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { ClusterModule } from '../cluster/cluster.module.js';
import { ManagementNodeRing } from '../management-node/management-node-ring.js';
import { ChangeHostStateHandler } from './commands/change-host-state.js';
import { DeleteHostHandler } from './commands/delete-host.js';
import { ReconnectHostHandler } from './commands/reconnect-host.js';
import { UpdateClusterOSHandler } from './commands/update-cluster-os.js';
import { UpdateHostHandler } from './commands/update-host.js';
import { HostAgentChannel } from './host-agent-channel.js';
import { HostAgentRoutes } from './host-agent-routes.js';
import { HostBackends } from './host-backends.js';
import { HostCascade } from './host-cascade.js';
import { HostConnectHooks } from './host-connect-hooks.js';
import { HOST_SYNC_APIS } from './host-info-apis.js';
import { HostPingTracker } from './host-ping-tracker.js';
import { HostStatusWriter } from './host-status-writer.js';
import { HostEntity } from './host.entity.js';

const HANDLERS = [DeleteHostHandler, UpdateHostHandler, ChangeHostStateHandler, ReconnectHostHandler, UpdateClusterOSHandler];

/** What hypervisor plug-ins and every plug-in that reaches hosts (storage, devices) use. */
const PUBLIC = [HostBackends, HostConnectHooks, HostStatusWriter, HostAgentChannel, HostAgentRoutes, HostPingTracker, ManagementNodeRing];

/** Hosts: their status, the ping tracker, and the seams hypervisor plug-ins (host/kvm/) plug into. */
@Module({
  imports: [ClusterModule],
  providers: [...HANDLERS, ...PUBLIC, HostCascade],
  exports: [...PUBLIC, ClusterModule],
})
export class HostModule {}

export const HOST_FAMILY: FamilyManifest = { name: 'host', module: HostModule, entities: [HostEntity], handlers: HANDLERS, syncApis: HOST_SYNC_APIS, queryResources: ['Host'] };
