// Synchronous APIs that are not queries (GetHypervisorTypes...): answered at once by the
// REST layer, no job. A family lists its handlers in its manifest (api/family.ts).
import type { ModuleRef } from '@nestjs/core';
import type { ApiReply, ApiRequest } from './api-command.js';

export interface SyncApiHandler {
  readonly api: string;
  /** `providers`: the node's providers, for an answer that depends on them (the registered hypervisor types). */
  answer(request: ApiRequest, providers: Pick<ModuleRef, 'get'>): ApiReply | Promise<ApiReply>;
}
