// npm run bench:hosts — the host ping tracker of one management node (PostgreSQL) against
// N simulated agents (test/bench/agent-simulator.ts: real HTTP servers on N loopback
// addresses answering the agent protocol), for N = 1,000 and 10,000. Prints:
//  - pings per second sustained when the tracker pings as fast as it can (interval 0.2 s),
//  - the node's CPU over that window (percent of one core, and per 1,000 pings),
//  - at the default ping rule (3 missed pings) with BENCH_DETECT_INTERVAL seconds between
//    rounds, the time from 50 agents dying to their hosts showing Disconnected.
import pg from 'pg';
import { startNode, type RunningNode } from '../support/management-node.js';
import { createTestDatabase } from '../support/postgres.js';
import { seedKvmHosts, simulatedHosts } from '../support/simulated-agents.js';
import { cpuSeconds, Simulators } from './simulators.js';

const SIZES = (process.env.BENCH_HOSTS ?? '1000,10000').split(',').map(Number);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const DETECT_INTERVAL_S = Number(process.env.BENCH_DETECT_INTERVAL ?? 5);
const DYING = 50;
const AGENT_PORT = 7070;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startTracker(url: string, intervalS: number): Promise<RunningNode> {
  return startNode({ DATABASE_URL: url, LOG_LEVEL: 'warn', ZSTACK_HOST_PING_INTERVAL: String(intervalS), ZSTACK_NODE_HEARTBEAT_INTERVAL: '1' });
}

async function benchSize(n: number): Promise<Record<string, string | number>> {
  const database = await createTestDatabase();
  const simulators = new Simulators();
  const hosts = simulatedHosts(n, 77, AGENT_PORT);
  let node: RunningNode | null = null;
  try {
    // The node migrates the schema; then the estate is written straight into it.
    node = await startTracker(database.url, 3600);
    await node.stop();
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    await seedKvmHosts(db, hosts);
    await simulators.start(hosts);

    // 1. Throughput: rounds back to back.
    node = await startTracker(database.url, 0.2);
    await sleep(5_000); // warm-up: connections, JIT
    const p0 = await simulators.pings();
    const c0 = cpuSeconds(node.process.pid!);
    const t0 = performance.now();
    await sleep(MEASURE_SECONDS * 1000);
    const pings = (await simulators.pings()) - p0;
    const cpu = cpuSeconds(node.process.pid!) - c0;
    const seconds = (performance.now() - t0) / 1000;
    await node.stop();

    // 2. Detection at a realistic pace.
    node = await startTracker(database.url, DETECT_INTERVAL_S);
    await sleep(DETECT_INTERVAL_S * 1000 * 2 + 2_000);
    const dying = hosts.slice(0, DYING).map((h) => h.uuid);
    const killedAt = performance.now();
    await simulators.kill(dying);
    const seen = new Map<string, number>();
    while (seen.size < DYING && performance.now() - killedAt < 60_000 + DETECT_INTERVAL_S * 5000) {
      const rows = await db.query(`SELECT uuid FROM host WHERE uuid = ANY($1) AND status = 'Disconnected'`, [dying]);
      for (const r of rows.rows) if (!seen.has(r.uuid)) seen.set(r.uuid, performance.now() - killedAt);
      await sleep(50);
    }
    const times = [...seen.values()].sort((a, b) => a - b);
    const wrongly = await db.query(`SELECT count(*)::int AS c FROM host WHERE status <> 'Connected' AND NOT (uuid = ANY($1))`, [dying]);
    await db.end();
    return {
      hosts: n,
      'pings/s sustained': Math.round(pings / seconds),
      'node CPU % of a core': Math.round((cpu / seconds) * 1000) / 10,
      'CPU ms per 1000 pings': Math.round((cpu * 1000 * 1000) / Math.max(1, pings) * 10) / 10,
      [`dead→Disconnected median s (interval ${DETECT_INTERVAL_S} s)`]: times.length ? Math.round(times[Math.floor(times.length / 2)]) / 1000 : 'never',
      'dead→Disconnected max s': times.length === DYING ? Math.round(times[times.length - 1]) / 1000 : `${times.length}/${DYING} seen`,
      'healthy hosts wrongly Disconnected': wrongly.rows[0].c,
    };
  } finally {
    await node?.stop();
    simulators.stop();
    await database.drop();
  }
}

const rows = [];
for (const n of SIZES) {
  console.error(`bench:hosts: ${n} simulated hosts...`);
  rows.push(await benchSize(n));
}
console.table(rows);
