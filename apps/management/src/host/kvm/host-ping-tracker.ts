// Pings the agents of the hosts this node looks after (ManagementNodeRing) every
// interval. A Connected host that misses `hostPingMaxMisses` pings in a row becomes
// Disconnected; a Disconnected host whose agent answers again is reconnected in the
// background, with no API call.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../config/config.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { logger } from '../../logging/logger.js';
import { ManagementNodeRing } from '../../management-node/management-node-ring.js';
import { secretBox } from '../../secrets/secret-box.js';
import { forEachInParallel } from '../in-parallel.js';
import { AgentClient } from './agent-client.js';
import { KvmHostConnector } from './kvm-host-connector.js';

/** A host Connecting for this long was left so by a node that died mid-connect: tracked again. */
const STALE_CONNECTING = `interval '10 minutes'`;

interface Tracked {
  uuid: string;
  managementIp: string;
  status: string;
  agentPort: number;
  agentSecret: string;
}

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
    private readonly connector: KvmHostConnector,
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
    const rows: Tracked[] = await this.db.query(
      `SELECT h."uuid", h."managementIp", h."status", k."agentPort", k."agentSecret"
         FROM "host" h JOIN "kvm_host" k ON k."uuid" = h."uuid"
        WHERE h."status" IN ('Connected', 'Disconnected') OR (h."status" = 'Connecting' AND h."lastOpDate" < now() - ${STALE_CONNECTING})`,
    );
    const owned = rows.filter((h) => this.ring.owns(h.uuid));
    const ownedUuids = new Set(owned.map((h) => h.uuid));
    for (const uuid of this.misses.keys()) if (!ownedUuids.has(uuid)) this.misses.delete(uuid);
    await forEachInParallel(owned, this.config.hostPingConcurrency, (host) => this.pingOne(host));
    this.stats.rounds++;
    this.stats.tracked = owned.length;
    this.stats.lastRoundMs = Date.now() - started;
  }

  private async pingOne(host: Tracked): Promise<void> {
    this.stats.pings++;
    const agent = new AgentClient({ hostUuid: host.uuid, ip: host.managementIp, port: host.agentPort, secret: secretBox().open(host.agentSecret) });
    try {
      const pong = await agent.ping(this.config.hostPingTimeoutMs);
      if (pong.hostUuid !== host.uuid) throw new Error(`the agent at ${host.managementIp} answers for host ${pong.hostUuid}`);
      this.misses.delete(host.uuid);
      if (host.status !== 'Connected') this.reconnectInBackground(host.uuid);
    } catch (err) {
      this.stats.misses++;
      const missed = (this.misses.get(host.uuid) ?? 0) + 1;
      this.misses.set(host.uuid, missed);
      if (host.status !== 'Disconnected' && missed >= this.config.hostPingMaxMisses) await this.disconnect(host.uuid, `${missed} pings missed; last: ${(err as Error).message}`);
    }
  }

  private async disconnect(hostUuid: string, reason: string): Promise<void> {
    // Only a host still Connected (or stale Connecting): a ReconnectHost or AddKVMHost may hold it meanwhile.
    // (A SELECT around the UPDATE: both drivers answer a SELECT with its rows.)
    const changed: unknown[] = await this.db.query(
      `WITH changed AS (
         UPDATE "host" SET "status" = 'Disconnected', "lastOpDate" = now()
          WHERE "uuid" = $1 AND ("status" = 'Connected' OR ("status" = 'Connecting' AND "lastOpDate" < now() - ${STALE_CONNECTING}))
          RETURNING "uuid")
       SELECT "uuid" FROM changed`,
      [hostUuid],
    );
    if (changed.length) {
      await this.db.query(`UPDATE "kvm_host" SET "lastConnectError" = $2 WHERE "uuid" = $1`, [hostUuid, reason]);
      this.stats.disconnected++;
      this.log.warn({ hostUuid, reason }, 'host disconnected');
    }
  }

  private reconnectInBackground(hostUuid: string): void {
    if (this.reconnecting.has(hostUuid)) return;
    this.reconnecting.add(hostUuid);
    this.stats.reconnects++;
    this.log.info({ hostUuid }, 'agent answers again; reconnecting the host');
    this.connector
      .connect(hostUuid, 'if-needed')
      .catch((err) => this.log.warn({ hostUuid, err: String(err) }, 'background reconnect failed'))
      .finally(() => this.reconnecting.delete(hostUuid));
  }
}
