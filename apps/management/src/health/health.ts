// GET /health: whether this node can reach its database and its bus. Load balancers and
// operators poll it; 200 when both answer, 503 otherwise. It also shows the node's share
// of host ping tracking.
import type { ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { CommandTransport } from '#bus';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { COMMAND_TRANSPORT } from '../bus/bus.tokens.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostPingTracker } from '../host/host-ping-tracker.js';
import { ManagementNodeRing } from '../management-node/management-node-ring.js';
import { sendJson } from '../rest/http-io.js';

@Injectable()
export class HealthCheck {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(COMMAND_TRANSPORT) private readonly transport: CommandTransport,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly ring: ManagementNodeRing,
    private readonly pings: HostPingTracker,
  ) {}

  async report(): Promise<{ healthy: boolean; body: Record<string, unknown> }> {
    const database = await Promise.race([
      this.db.query('SELECT 1').then(() => ({ reachable: true }), (err: Error) => ({ reachable: false, error: err.message })),
      new Promise<{ reachable: boolean; error: string }>((resolve) => setTimeout(() => resolve({ reachable: false, error: 'no answer within 3 s' }), 3000).unref()),
    ]);
    const bus = { reachable: this.transport.healthy(), kind: this.transport.kind };
    const healthy = database.reachable && bus.reachable;
    return {
      healthy,
      body: {
        status: healthy ? 'UP' : 'DOWN',
        nodeId: this.config.nodeId,
        database: { ...database, kind: this.config.databaseUrl ? 'postgresql' : 'embedded' },
        bus,
        // Which hosts this node pings: its share of the live nodes' ring.
        hostTracking: { liveNodes: this.ring.liveNodes(), trackedHosts: this.pings.stats.tracked, pingRounds: this.pings.stats.rounds, lastRoundMs: this.pings.stats.lastRoundMs },
      },
    };
  }

  async handle(res: ServerResponse): Promise<void> {
    const { healthy, body } = await this.report();
    sendJson(res, healthy ? 200 : 503, body);
  }
}
