import { Module } from '@nestjs/common';
import { ChangeHostStateCommand, ChangeHostStateHandler } from './commands/change-host-state.js';
import { DeleteHostCommand, DeleteHostHandler } from './commands/delete-host.js';
import { ReconnectHostCommand, ReconnectHostHandler } from './commands/reconnect-host.js';
import { UpdateHostCommand, UpdateHostHandler } from './commands/update-host.js';
import { HostBackends } from './host-backends.js';
import { HostCascade } from './host-cascade.js';
import { HostPingTracker } from './kvm/host-ping-tracker.js';
import { AgentCallbacks } from './kvm/agent-callbacks.js';
import { AddKVMHostCommand, AddKVMHostHandler } from './kvm/commands/add-kvm-host.js';
import { KvmRunShellCommand, KvmRunShellHandler } from './kvm/commands/kvm-run-shell.js';
import { UpdateClusterOSCommand, UpdateClusterOSHandler } from './kvm/commands/update-cluster-os.js';
import { UpdateKVMHostCommand, UpdateKVMHostHandler } from './kvm/commands/update-kvm-host.js';
import { KvmAgentDeployer } from './kvm/kvm-agent-deployer.js';
import { KvmHostBackend } from './kvm/kvm-host-backend.js';
import { KvmHostConnector } from './kvm/kvm-host-connector.js';
import { ManagementNodeRing } from '../management-node/management-node-ring.js';

export const HOST_COMMANDS = [DeleteHostCommand, UpdateHostCommand, ChangeHostStateCommand, ReconnectHostCommand];
export const KVM_HOST_COMMANDS = [AddKVMHostCommand, UpdateKVMHostCommand, KvmRunShellCommand, UpdateClusterOSCommand];

/** Hosts, and the KVM plug-in (host/kvm/) that deploys agents over SSH. */
@Module({
  providers: [
    HostCascade,
    HostBackends,
    HostPingTracker,
    ManagementNodeRing,
    DeleteHostHandler,
    UpdateHostHandler,
    ChangeHostStateHandler,
    ReconnectHostHandler,
    KvmAgentDeployer,
    KvmHostConnector,
    KvmHostBackend,
    AgentCallbacks,
    AddKVMHostHandler,
    UpdateKVMHostHandler,
    KvmRunShellHandler,
    UpdateClusterOSHandler,
  ],
  exports: [HostPingTracker, ManagementNodeRing, AgentCallbacks],
})
export class HostModule {}
