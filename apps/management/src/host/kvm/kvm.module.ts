import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../../api/family.js';
import { HostModule } from '../host.module.js';
import { AddKVMHostHandler } from './commands/add-kvm-host.js';
import { KvmRunShellHandler } from './commands/kvm-run-shell.js';
import { UpdateKVMHostHandler } from './commands/update-kvm-host.js';
import { AgentModule } from '../../agent/agent.module.js';
import { KvmConnectErrors } from './kvm-connect-errors.js';
import { KvmHostBackend } from './kvm-host-backend.js';
import { KvmHostConnector } from './kvm-host-connector.js';
import { KvmHostEntity } from './kvm-host.entity.js';

const HANDLERS = [AddKVMHostHandler, UpdateKVMHostHandler, KvmRunShellHandler];

/** The KVM plug-in of the host family: agents deployed over SSH, reached over HTTP. It
 *  exports nothing: the rest of the node reaches KVM hosts through host/'s seams. */
@Module({
  imports: [HostModule, AgentModule],
  providers: [...HANDLERS, KvmHostConnector, KvmHostBackend, KvmConnectErrors],
})
export class KvmHostModule {}

export const KVM_HOST_PLUGIN: FamilyManifest = { name: 'kvm', pluginOf: 'host', module: KvmHostModule, entities: [KvmHostEntity], handlers: HANDLERS };
