import type { HostStatus } from './host-state-machines.js';

/** Published on the @nestjs/cqrs EventBus after a host's status change committed. */
export class HostStatusChangedEvent {
  constructor(
    readonly hostUuid: string,
    readonly oldStatus: HostStatus,
    readonly newStatus: HostStatus,
    /** Why the host went Disconnected; null otherwise. */
    readonly reason: string | null,
  ) {}
}
