// The one writer of host.status: every change goes through HostStatusMachine under the
// row's lock, and is announced (HostStatusChangedEvent, then the disconnect hooks) only
// after it committed, so a listener never sees a status the database does not hold.
import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostConnectHooks } from './host-connect-hooks.js';
import { type HostStatus, type HostStatusEvent, HostStatusMachine } from './host-state-machines.js';
import { HostStatusChangedEvent } from './host-status-changed.event.js';
import { HostEntity } from './host.entity.js';

export interface StatusMove {
  /** Why (kept for a disconnect: the hooks and the event carry it). */
  reason?: string;
  /** Moves only a host this accepts (the ping tracker: only a host still Connected). */
  when?: (host: HostEntity) => boolean;
  /** Further writes in the same transaction, before the host row is saved (the facts). */
  also?: (tx: EntityManager, host: HostEntity) => Promise<void>;
  /** A host deleted meanwhile is no error (null is answered). */
  missingOk?: boolean;
}

@Injectable()
export class HostStatusWriter {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly events: EventBus,
    private readonly hooks: HostConnectHooks,
  ) {}

  /** Applies `event` to the host's status; answers the saved host, or null when `when`
   *  refused it or (missingOk) the host is gone. */
  async move(hostUuid: string, event: HostStatusEvent, move: StatusMove = {}): Promise<HostEntity | null> {
    const change = await this.db.transaction(async (tx) => {
      const host = await tx.getRepository(HostEntity).createQueryBuilder('h').setLock('pessimistic_write').where('h.uuid = :hostUuid', { hostUuid }).getOne();
      if (!host) {
        if (move.missingOk) return null;
        throw ApiError.notFound(`host ${hostUuid} does not exist (deleted meanwhile?)`);
      }
      if (move.when && !move.when(host)) return null;
      const oldStatus = host.status as HostStatus;
      host.status = HostStatusMachine.next(oldStatus, event);
      host.lastOpDate = new Date();
      await move.also?.(tx, host);
      await tx.getRepository(HostEntity).save(host);
      return { host, oldStatus };
    });
    if (!change) return null;
    const { host, oldStatus } = change;
    if (oldStatus !== host.status) {
      const reason = host.status === 'Disconnected' ? (move.reason ?? 'disconnected') : null;
      this.events.publish(new HostStatusChangedEvent(host.uuid, oldStatus, host.status as HostStatus, reason));
      if (reason !== null) await this.hooks.disconnected(host, reason);
    }
    return host;
  }
}
