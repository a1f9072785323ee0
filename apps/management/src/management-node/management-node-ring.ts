// The live management nodes, and which of them looks after which host. Each node beats
// its heartbeat into the management_node table; the nodes that beat recently form a
// consistent-hash ring (as ZStack's ResourceDestinationMaker does), so every host has
// exactly one owner and only the hosts of a dead node move when it goes.
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { fnv1a } from '#bus';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';

/** Points per node on the ring: enough that hosts spread evenly over a few nodes. */
const VIRTUAL_NODES = 64;
/** A node is dead after this many heartbeats missed. */
const MISSED_BEATS = 3;

/** A consistent-hash ring over node ids. */
export class HashRing {
  private readonly points: { hash: number; node: string }[];

  constructor(readonly nodes: readonly string[]) {
    this.points = nodes.flatMap((node) => Array.from({ length: VIRTUAL_NODES }, (_, i) => ({ hash: fnv1a(`${node}#${i}`), node }))).sort((a, b) => a.hash - b.hash);
  }

  ownerOf(key: string): string | null {
    if (!this.points.length) return null;
    const h = fnv1a(key);
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid].hash < h) lo = mid + 1;
      else hi = mid;
    }
    return this.points[lo % this.points.length].node;
  }
}

@Injectable()
export class ManagementNodeRing {
  private readonly log = logger('node-ring');
  private ring = new HashRing([]);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  get nodeId(): string {
    return this.config.nodeId;
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((err) => this.log.warn({ err: String(err) }, 'heartbeat failed')), this.config.nodeHeartbeatIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Leaving on purpose: the others take this node's hosts at their next beat.
    await this.db.query(`DELETE FROM "management_node" WHERE "uuid" = $1`, [this.nodeId]).catch(() => undefined);
  }

  /** Whether this node looks after `hostUuid` now. */
  owns(hostUuid: string): boolean {
    return this.ring.ownerOf(hostUuid) === this.nodeId;
  }

  liveNodes(): readonly string[] {
    return this.ring.nodes;
  }

  /** Beats, forgets long-dead nodes, and rebuilds the ring from the live ones. */
  async beat(): Promise<void> {
    const deadAfterMs = this.config.nodeHeartbeatIntervalMs * MISSED_BEATS;
    await this.db.query(
      `INSERT INTO "management_node" ("uuid", "hostName", "joinedAt", "heartbeatAt") VALUES ($1, $2, now(), now())
       ON CONFLICT ("uuid") DO UPDATE SET "heartbeatAt" = now()`,
      [this.nodeId, hostname()],
    );
    await this.db.query(`DELETE FROM "management_node" WHERE "heartbeatAt" < now() - make_interval(secs => $1)`, [(deadAfterMs * 10) / 1000]);
    const rows: { uuid: string }[] = await this.db.query(`SELECT "uuid" FROM "management_node" WHERE "heartbeatAt" >= now() - make_interval(secs => $1) ORDER BY "uuid"`, [deadAfterMs / 1000]);
    const nodes = rows.map((r) => r.uuid);
    if (nodes.join() !== this.ring.nodes.join()) {
      this.log.info({ nodes }, 'management nodes changed; hosts re-assigned');
      this.ring = new HashRing(nodes);
    }
  }
}
