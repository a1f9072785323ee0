// Ping tracking across management nodes (PostgreSQL): two nodes share the hosts, each host
// pinged by exactly one of them; when one node is killed, the survivor takes its hosts.
// The hosts' agents are simulated (test/support/simulated-agents.ts: real HTTP servers
// answering the agent protocol's ping), so the test is about the tracker, not deployment.
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, type RunningNode, startNode } from './support/management-node.js';
import { createTestDatabase } from './support/postgres.js';
import { SimulatedAgents, seedKvmHosts, simulatedHosts } from './support/simulated-agents.js';
import { until } from './support/until.js';

const HOSTS = 40;
const PING_INTERVAL_S = 0.5;
const env = (url: string) => ({ DATABASE_URL: url, ZSTACK_HOST_PING_INTERVAL: String(PING_INTERVAL_S), ZSTACK_NODE_HEARTBEAT_INTERVAL: '0.5' });

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: pg.Client;
const agents = new SimulatedAgents();
const nodes: RunningNode[] = [];

async function health(node: RunningNode): Promise<{ liveNodes: string[]; trackedHosts: number; pingRounds: number }> {
  return ((await (await fetch(`${node.url}/health`)).json()) as { hostTracking: { liveNodes: string[]; trackedHosts: number; pingRounds: number } }).hostTracking;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await startNode(env(database.url));
  nodes.push(first); // it has migrated the schema: the estate can be written
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const hosts = simulatedHosts(HOSTS, 100 + randomInt(100), await freePort());
  await seedKvmHosts(db, hosts);
  for (const h of hosts) await agents.serve(h);
  nodes.push(await startNode(env(database.url)));
});

afterAll(async () => {
  for (const n of nodes) await n.stop();
  agents.stop();
  await db?.end();
  await database?.drop();
});

it('splits the hosts between two live nodes, each host pinged by one node only', async () => {
  const [a, b] = nodes;
  const shares = await until(
    'both nodes tracking',
    async () => [await health(a), await health(b)],
    ([ha, hb]) => ha.liveNodes.length === 2 && hb.liveNodes.length === 2 && ha.trackedHosts + hb.trackedHosts === HOSTS && ha.pingRounds > 1 && hb.pingRounds > 1,
  );
  expect(shares[0].trackedHosts).toBeGreaterThan(0);
  expect(shares[1].trackedHosts).toBeGreaterThan(0);
  // Over 4 s each host gets about 8 pings from its one tracker; two trackers would double it.
  const before = new Map((await hostUuids()).map((u) => [u, agents.pings(u)]));
  await sleep(4000);
  for (const [uuid, count] of before) {
    const got = agents.pings(uuid) - count;
    expect(got, `pings of host ${uuid} in 4 s`).toBeGreaterThanOrEqual(4);
    expect(got, `pings of host ${uuid} in 4 s`).toBeLessThanOrEqual(11);
  }
});

it('gives a killed node\'s hosts to the survivor, and no host is marked Disconnected meanwhile', async () => {
  const [a, b] = nodes;
  await a.kill();
  await until('survivor tracking every host', () => health(b), (h) => h.liveNodes.length === 1 && h.trackedHosts === HOSTS);
  const before = new Map((await hostUuids()).map((u) => [u, agents.pings(u)]));
  await sleep(1500);
  for (const [uuid, count] of before) expect(agents.pings(uuid), `host ${uuid} pinged after the failover`).toBeGreaterThan(count);
  const notConnected = await db.query(`SELECT count(*)::int AS c FROM host WHERE status <> 'Connected'`);
  expect(notConnected.rows[0].c).toBe(0);
});

it('marks a host whose agent died Disconnected, on the node that tracks it', async () => {
  const [uuid] = await hostUuids();
  agents.kill(uuid);
  await until('host Disconnected', async () => (await db.query(`SELECT status FROM host WHERE uuid = $1`, [uuid])).rows[0].status, (s) => s === 'Disconnected', 3 * PING_INTERVAL_S * 1000 + 3000);
});

async function hostUuids(): Promise<string[]> {
  return (await db.query(`SELECT uuid FROM host ORDER BY uuid`)).rows.map((r) => r.uuid);
}
