// How any plug-in (storage, iSCSI, devices) talks to a host's agent: by host uuid, never
// by importing the hypervisor plug-in. The call is routed by the host's hypervisor type
// to its HostBackend, which knows the address, the secret and the callback plumbing
// (ZStack's KVMHostAsyncHttpCallMsg plays this part).
import { Inject, Injectable } from '@nestjs/common';
import type { AgentCallback, AgentReply } from '#agent-protocol';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostBackends } from './host-backends.js';
import { hostOrFail } from './host.repository.js';

export interface LongAgentCall {
  /** How long the agent may take before its callback; the call then fails. */
  timeoutMs: number;
  /** Told when the agent accepted the call and when it reported its end. */
  onProgress?: (step: string, percent: number) => Promise<void>;
}

/** The agent refused or did not answer the start of a long call (nothing runs on the host). */
export class AgentCallNotStarted extends Error {}

@Injectable()
export class HostAgentChannel {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: HostBackends,
  ) {}

  /** A short call: the agent's reply, or an error saying why there is none. */
  async call<T extends AgentReply>(hostUuid: string, path: string, body: object, timeoutMs = 30_000): Promise<T> {
    return (await this.backendOf(hostUuid)).call<T>(hostUuid, path, body, timeoutMs);
  }

  /** A long call: `body` gets the task's `taskUuid` and `callbackUrl`; resolves with the
   *  agent's callback (which may report a failure in its returnCode). */
  async callLong(hostUuid: string, path: string, body: object, call: LongAgentCall): Promise<AgentCallback> {
    return (await this.backendOf(hostUuid)).callLong(hostUuid, path, body, call);
  }

  /** A host's hypervisor type never changes: read once per host, not once per call (a VM's
   *  create makes several calls; the backend reads the host's address and secret itself). */
  private readonly hypervisorTypes = new Map<string, string>();

  private async backendOf(hostUuid: string) {
    let type = this.hypervisorTypes.get(hostUuid);
    if (!type) {
      type = (await hostOrFail(this.db.manager, hostUuid)).hypervisorType;
      if (this.hypervisorTypes.size >= 100_000) this.hypervisorTypes.clear();
      this.hypervisorTypes.set(hostUuid, type);
    }
    return this.backends.of(type);
  }
}
