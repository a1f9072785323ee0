// Hypervisor plug-ins register here by type ("KVM"); the host family's own handlers
// (DeleteHost, ReconnectHost) reach the hypervisor only through this interface.
import { Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import type { HostEntity } from './host.entity.js';

export interface HostBackend {
  /** Connects the host (redeploying its agent when missing or outdated); Connected or throws HOST.1000. */
  connect(hostUuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<HostEntity>;
  /** Stops the host's agent and removes it from the host. `db`: the caller's transaction,
   *  when it runs inside one (the embedded database has a single connection). */
  uninstall(hostUuid: string, db?: EntityManager): Promise<void>;
}

@Injectable()
export class HostBackends {
  private readonly byType = new Map<string, HostBackend>();

  register(hypervisorType: string, backend: HostBackend): void {
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
