// A create whose uuid the node chooses has its command published while its job row is
// being written (api-dispatcher.ts, acceptBeside). Two management nodes on real
// PostgreSQL and RabbitMQ: the node that runs every command is not the one that accepts
// most calls, so a command can reach its runner before its row exists, or, on the runner
// itself, before its own INSERT has committed. Held INSERTs make sure it does: the runner
// waits for the row and runs each job once; a call refused by the database leaves its
// command to be let go, and nothing else behind.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningNode, startNode } from './support/management-node.js';
import { AMQP_URL, createTestDatabase, deleteCommandQueues, queuedCommands } from './support/postgres.js';
import { ZStackClient } from './support/zstack-client.js';

const PARTITIONS = 4;
const CALLS = 24;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let prefix: string;
let db: pg.Client;
let runner: RunningNode;
let front: RunningNode;
let api: ZStackClient;
/** Calls to the node that runs every command: there, the command waits for its own INSERT. */
let runnerApi: ZStackClient;

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = `zstack-test-${randomUUID().slice(0, 8)}`;
  // Recovery of stale jobs is left at its default (300 s): a job that finishes here
  // finished because its command waited for its row, not because it was re-published.
  const env = { DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: prefix, ZSTACK_BUS_PARTITIONS: String(PARTITIONS) };
  // The first node to subscribe is the single active consumer of every partition.
  runner = await startNode({ ...env, ZSTACK_NODE_ID: 'runner' });
  front = await startNode({ ...env, ZSTACK_NODE_ID: 'front' });
  api = new ZStackClient(front.url);
  expect((await api.login()).status).toBe(200);
  runnerApi = new ZStackClient(runner.url);
  expect((await runnerApi.login()).status).toBe(200);
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await Promise.all([runner, front].map((n) => n?.kill()));
  await deleteCommandQueues(prefix, PARTITIONS);
  await database?.drop();
});

/** Runs `body` while api_job takes no INSERT (reads go on), for `holdMs`. */
async function withInsertsHeld<T>(holdMs: number, body: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE api_job IN EXCLUSIVE MODE');
  const released = new Promise<void>((resolve) => setTimeout(resolve, holdMs)).then(async () => {
    await holder.query('COMMIT');
    await holder.end();
  });
  try {
    return await body();
  } finally {
    await released;
  }
}

const queued = () => queuedCommands(prefix, PARTITIONS);

it.each([
  ['another node', () => api],
  ['the node writing it', () => runnerApi],
])('a command that reaches %s before its row is written waits for it, and its job runs once there', async (_, client) => {
  const api = client();
  const tag = randomUUID().slice(0, 6);
  const started = Date.now();
  const answers = await withInsertsHeld(1500, async () => {
    const calls = Array.from({ length: CALLS }, (_, i) => api.call('POST', '/v1/zones', { params: { name: `${tag}-${i}` } }));
    // Every command is out and taken by the runner while no row can be written yet.
    for (let i = 0; i < 50 && (await queued()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await queued()).toBe(0);
    expect(Number((await db.query(`SELECT count(*) AS n FROM api_job WHERE request::text LIKE $1`, [`%${tag}-%`])).rows[0].n)).toBe(0);
    return Promise.all(calls);
  });
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
  const done = await Promise.all(answers.map((a) => api.poll(a.body.location)));
  expect(done.map((d) => d.status)).toEqual(done.map(() => 200));
  // Long before any re-publishing (300 s), each by the runner, each zone once.
  expect(Date.now() - started).toBeLessThan(20_000);
  const jobs = (await db.query(`SELECT state, "finishedBy" FROM api_job WHERE request::text LIKE $1`, [`%${tag}-%`])).rows;
  expect(jobs).toHaveLength(CALLS);
  expect(new Set(jobs.map((j) => `${j.state} by ${j.finishedBy}`))).toEqual(new Set(['Succeeded by runner']));
  const zones = (await db.query(`SELECT name FROM zone WHERE name LIKE $1`, [`${tag}-%`])).rows.map((z) => z.name).sort();
  expect(zones).toEqual(Array.from({ length: CALLS }, (_, i) => `${tag}-${i}`).sort());
}, 60_000);

it('a call the database refuses answers 503, and its command, already out, is let go without a trace', async () => {
  const tag = randomUUID().slice(0, 6);
  // The database takes every job row but this call's.
  await db.query(`CREATE FUNCTION refuse_marked_job() RETURNS trigger AS $$
    BEGIN IF NEW.request::text LIKE '%${tag}-refused%' THEN RAISE EXCEPTION 'no room for %', NEW.uuid; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await db.query(`CREATE TRIGGER refuse_marked_job BEFORE INSERT ON api_job FOR EACH ROW EXECUTE FUNCTION refuse_marked_job()`);
  try {
    const [refused, neighbour] = await Promise.all([
      api.call('POST', '/v1/zones', { params: { name: `${tag}-refused` } }),
      api.call('POST', '/v1/zones', { params: { name: `${tag}-kept` } }),
    ]);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toMatch(/^SYS\./);
    // The database's own words stay in the node's log.
    expect(JSON.stringify(refused.body)).not.toMatch(/no room for/);
    // A refused neighbour does not take the other call with it.
    expect(neighbour.status).toBe(202);
    expect((await api.poll(neighbour.body.location)).status).toBe(200);
    // The runner looks for the row for a while (10 s), then lets the command go.
    const deadline = Date.now() + 20_000;
    while (!/was never recorded/.test(runner.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(runner.output().match(/was never recorded/g)).toHaveLength(1);
  } finally {
    await db.query(`DROP TRIGGER refuse_marked_job ON api_job; DROP FUNCTION refuse_marked_job()`);
  }
  expect(await queued()).toBe(0);
  expect((await db.query(`SELECT name FROM zone WHERE name LIKE $1`, [`${tag}-%`])).rows).toEqual([{ name: `${tag}-kept` }]);
  expect((await db.query(`SELECT count(*) AS n FROM api_job WHERE request::text LIKE $1`, [`%${tag}-refused%`])).rows[0].n).toBe('0');
}, 60_000);
