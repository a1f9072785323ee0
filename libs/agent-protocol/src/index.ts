// The typed commands and replies between the management node and host agents.
// Every agent reply carries `success` and `error`, as ZStack's agent protocol does;
// the commands themselves arrive with the KVM hosts issue.
import type { ZStackError } from '#contract';

export interface AgentReply {
  success: boolean;
  error: ZStackError | null;
}
