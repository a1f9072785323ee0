// Two management nodes on real PostgreSQL and RabbitMQ. One is killed with SIGKILL while
// it holds commands in flight; the survivor finishes every job exactly once, and the
// commands on each zone still run in the order they were accepted.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import amqp from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningNode, startNode } from './support/management-node.js';
import { AMQP_URL, createTestDatabase } from './support/postgres.js';
import { ZStackClient } from './support/zstack-client.js';

const ZONES = 24;
const UPDATES_PER_ZONE = 20;
const PARTITIONS = 8;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let prefix: string;
const nodes: RunningNode[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = `zstack-test-${randomUUID().slice(0, 8)}`;
});

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()));
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (let p = 0; p < PARTITIONS; p++) await channel.deleteQueue(`${prefix}.commands.${p}`).catch(() => undefined);
  await connection.close();
  await database?.drop();
});

it('a node killed mid-flight loses no job, runs none twice, and keeps per-zone order', async () => {
  const env = { DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: prefix, ZSTACK_BUS_PARTITIONS: String(PARTITIONS) };
  // The first node to subscribe is the single active consumer of every partition.
  const doomed = await startNode({ ...env, ZSTACK_NODE_ID: 'doomed' });
  nodes.push(doomed);
  const survivor = await startNode({ ...env, ZSTACK_NODE_ID: 'survivor' });
  nodes.push(survivor);
  const api = new ZStackClient(survivor.url);
  expect((await api.login()).status).toBe(200);

  const zoneUuids = Array.from({ length: ZONES }, () => randomUUID().replace(/-/g, ''));
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const finished = async () => Number((await db.query(`SELECT count(*) AS n FROM api_job WHERE state <> 'Processing'`)).rows[0].n);

  // Each zone gets a create then its updates, accepted one after another; zones in parallel.
  const accepted = new Map<string, string[]>();
  let killed = false;
  let finishedAtKill = 0;
  const submit = Promise.all(
    zoneUuids.map(async (uuid, i) => {
      const jobs: string[] = [];
      accepted.set(uuid, jobs);
      const create = await api.call('POST', '/v1/zones', { params: { name: `zone-${i}`, resourceUuid: uuid } });
      expect(create.status).toBe(202);
      jobs.push(create.body.location.split('/').pop());
      for (let u = 0; u < UPDATES_PER_ZONE; u++) {
        const update = await api.call('PUT', `/v1/zones/${uuid}/actions`, { updateZone: { description: `step-${u}` } });
        expect(update.status).toBe(202);
        jobs.push(update.body.location.split('/').pop());
      }
    }),
  );
  const total = ZONES * (UPDATES_PER_ZONE + 1);
  // Kill the active node once it has finished some jobs but not most of them.
  for (;;) {
    finishedAtKill = await finished();
    if (finishedAtKill >= total * 0.15) {
      await doomed.kill();
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await submit;
  expect(killed).toBe(true);
  expect(finishedAtKill).toBeLessThan(total);

  const deadline = Date.now() + 60_000;
  while ((await finished()) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

  const jobs = (await db.query(`SELECT uuid, "resourceUuid", state, "httpStatus", "finishedBy", "completionSeq", result FROM api_job`)).rows;
  expect(jobs).toHaveLength(total);
  // Every job finished, successfully, by one of the two nodes, and some by each.
  expect(jobs.filter((j) => j.state !== 'Succeeded')).toEqual([]);
  const byNode = new Set(jobs.map((j) => j.finishedBy));
  expect(byNode).toEqual(new Set(['doomed', 'survivor']));
  // Exactly once: one zone per create, no duplicates, and every update's effect present.
  expect(Number((await db.query('SELECT count(*) AS n FROM zone')).rows[0].n)).toBe(ZONES);
  const seqOf = new Map(jobs.map((j) => [j.uuid, BigInt(j.completionSeq)]));
  for (const [uuid, jobUuids] of accepted) {
    const seqs = jobUuids.map((j) => seqOf.get(j)!);
    const sorted = [...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(seqs, `jobs of zone ${uuid} completed out of order`).toEqual(sorted);
    const zone = (await db.query('SELECT description FROM zone WHERE uuid = $1', [uuid])).rows[0];
    expect(zone.description).toBe(`step-${UPDATES_PER_ZONE - 1}`);
  }
  // The survivor answers for all of it.
  const q = await api.call('GET', '/v1/zones?count=true');
  expect(q.body.total).toBe(ZONES);
  await db.end();
}, 180_000);
