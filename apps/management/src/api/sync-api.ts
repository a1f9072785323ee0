// Synchronous APIs that are not queries (GetHypervisorTypes...): answered at once by the
// REST layer, no job. A family lists its handlers in api/commands.ts.
import type { ApiReply, ApiRequest } from './api-command.js';

export interface SyncApiHandler {
  readonly api: string;
  answer(request: ApiRequest): ApiReply | Promise<ApiReply>;
}
