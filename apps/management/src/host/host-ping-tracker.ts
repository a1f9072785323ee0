// Pings the agents of the hosts this node looks after (ManagementNodeRing) every
// interval, through each host's HostBackend. A Connected host that misses
// `hostPingMaxMisses` pings in a row becomes Disconnected (through HostStatusWriter); a
// Disconnected host whose agent answers again is reconnected in the background, with no
// API call.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { logger } from '../logging/logger.js';
import { ManagementNodeRing } from '../management-node/management-node-ring.js';
import { HostBackends } from './host-backends.js';
import { HostConnectHooks } from './host-connect-hooks.js';
import { HostStatusWriter } from './host-status-writer.js';
import type { HostEntity } from './host.entity.js';
import { forEachInParallel } from './in-parallel.js';

/** A host Connecting for this long was left so by a node that died mid-connect: tracked again. */
const STALE_CONNECTING_MS = 10 * 60_000;

const staleConnecting = (host: HostEntity): boolean => host.status === 'Connecting' && host.lastOpDate.getTime() < Date.now() - STALE_CONNECTING_MS;

export interface PingStats {
  rounds: number;
  pings: number;
  misses: number;
  /** Hosts this node tracked in the last round. */
  tracked: number;
  lastRoundMs: number;
  disconnected: number;
  reconnects: number;
}

@Injectable()
export class HostPingTracker {
  private readonly log = logger('ping-tracker');
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private readonly misses = new Map<string, number>();
  private readonly reconnecting = new Set<string>();
  readonly stats: PingStats = { rounds: 0, pings: 0, misses: 0, tracked: 0, lastRoundMs: 0, disconnected: 0, reconnects: 0 };

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly ring: ManagementNodeRing,
    private readonly backends: HostBackends,
    private readonly hooks: HostConnectHooks,
    private readonly status: HostStatusWriter,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A round still running (thousands of slow hosts) is not overlapped by the next.
      if (!this.round) this.round = this.pingRound().catch((err) => this.log.error({ err: String(err) }, 'ping round failed')).finally(() => (this.round = null));
    }, this.config.hostPingIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round: every owned Connected or Disconnected host, `hostPingConcurrency` at a time. */
  async pingRound(): Promise<void> {
    const started = Date.now();
    // Plain SQL: thousands of rows a round, without the ORM's cost of building entities.
    const rows = rowsOf<HostEntity>(
      await this.db.query(`SELECT * FROM "host" WHERE "status" IN ('Connected', 'Disconnected') OR ("status" = 'Connecting' AND "lastOpDate" < $1)`, [new Date(Date.now() - STALE_CONNECTING_MS)]),
    );
    const owned = rows.filter((h) => this.ring.owns(h.uuid));
    const ownedUuids = new Set(owned.map((h) => h.uuid));
    for (const uuid of this.misses.keys()) if (!ownedUuids.has(uuid)) this.misses.delete(uuid);
    await forEachInParallel(owned, this.config.hostPingConcurrency, (host) => this.pingOne(host));
    this.stats.rounds++;
    this.stats.tracked = owned.length;
    this.stats.lastRoundMs = Date.now() - started;
  }

  private async pingOne(host: HostEntity): Promise<void> {
    this.stats.pings++;
    try {
      await this.backends.of(host.hypervisorType).ping(host.uuid, this.config.hostPingTimeoutMs);
      this.misses.delete(host.uuid);
      if (host.status !== 'Connected') this.reconnectInBackground(host);
      else await this.hooks.pinged(host);
    } catch (err) {
      this.stats.misses++;
      const missed = (this.misses.get(host.uuid) ?? 0) + 1;
      this.misses.set(host.uuid, missed);
      if (host.status !== 'Disconnected' && missed >= this.config.hostPingMaxMisses) await this.disconnect(host.uuid, `${missed} pings missed; last: ${(err as Error).message}`);
    }
  }

  private async disconnect(hostUuid: string, reason: string): Promise<void> {
    // Only a host still Connected (or stale Connecting): a ReconnectHost or AddKVMHost may hold it meanwhile.
    const changed = await this.status.move(hostUuid, 'disconnected', { reason, missingOk: true, when: (h) => h.status === 'Connected' || staleConnecting(h) });
    if (changed) {
      this.stats.disconnected++;
      this.log.warn({ hostUuid, reason }, 'host disconnected');
    }
  }

  private reconnectInBackground({ uuid: hostUuid, hypervisorType }: HostEntity): void {
    if (this.reconnecting.has(hostUuid)) return;
    this.reconnecting.add(hostUuid);
    this.stats.reconnects++;
    this.log.info({ hostUuid }, 'agent answers again; reconnecting the host');
    this.backends
      .of(hypervisorType)
      .connect(hostUuid)
      .catch((err) => this.log.warn({ hostUuid, err: String(err) }, 'background reconnect failed'))
      .finally(() => this.reconnecting.delete(hostUuid));
  }
}
