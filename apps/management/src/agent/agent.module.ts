import { Module } from '@nestjs/common';
import { HostModule } from '../host/host.module.js';
import { AgentCallbacks } from './agent-callbacks.js';
import { AgentDeployer } from './agent-deployer.js';

/** The node's side of its agents, whoever deploys them (the KVM plug-in on hosts, the
 *  ImageStore plug-in on storage hosts): deploying over SSH and the long calls' callbacks
 *  (served through the host family's agent routes). One instance of each per node. */
@Module({
  imports: [HostModule],
  providers: [AgentDeployer, AgentCallbacks],
  exports: [AgentDeployer, AgentCallbacks],
})
export class AgentModule {}
