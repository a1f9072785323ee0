// Hypervisor plug-ins register here by type ("KVM"); the host family's own handlers
// (DeleteHost, ReconnectHost, UpdateClusterOS), the ping tracker and the agent channel
// reach the hypervisor only through this interface.
import { Injectable } from '@nestjs/common';
import type { AgentCallback, AgentReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import type { LongAgentCall } from './host-agent-channel.js';
import type { HostEntity } from './host.entity.js';

export interface HostBackend {
  /** Connects the host (redeploying its agent when missing or outdated); Connected or throws HOST.1000. */
  connect(hostUuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<HostEntity>;
  /** Stops the host's agent and removes it from the host. `db`: the caller's transaction,
   *  when it runs inside one (the embedded database has a single connection). */
  uninstall(hostUuid: string, db?: EntityManager): Promise<void>;
  /** Resolves when the host's agent answers as this host within `timeoutMs`; throws why not. */
  ping(hostUuid: string, timeoutMs: number): Promise<void>;
  /** Updates the host's OS packages (but `excludePackages`); resolves with the agent's report. */
  updateOs(hostUuid: string, excludePackages: string[]): Promise<AgentCallback>;
  /** A short call to the host's agent (HostAgentChannel routes here). */
  call<T extends AgentReply>(hostUuid: string, path: string, body: object, timeoutMs: number): Promise<T>;
  /** A long call: accepted at once, ended by the agent's callback (HostAgentChannel routes here). */
  callLong(hostUuid: string, path: string, body: object, call: LongAgentCall): Promise<AgentCallback>;
}

@Injectable()
export class HostBackends {
  private readonly byType = new Map<string, HostBackend>();

  register(hypervisorType: string, backend: HostBackend): void {
    if (this.byType.has(hypervisorType)) throw new Error(`two hypervisor plug-ins for type ${hypervisorType}`);
    this.byType.set(hypervisorType, backend);
  }

  of(hypervisorType: string): HostBackend {
    const backend = this.byType.get(hypervisorType);
    if (!backend) throw ApiError.operation(`no hypervisor plug-in for type ${hypervisorType}`);
    return backend;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}
