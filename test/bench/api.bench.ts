// npm run bench:api — end-to-end CreateZone (202 + poll to done) and QueryZone throughput
// and latency, on the embedded default and on PostgreSQL + RabbitMQ, beside the raw rate
// of single-row INSERTs into the same PostgreSQL: the floor the job path cannot beat.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startNode, tempDataDir } from '../support/management-node.js';
import { AMQP_URL, createTestDatabase } from '../support/postgres.js';
import { ZStackClient } from '../support/zstack-client.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface Figures {
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** Runs `op` from CONCURRENCY loops for SECONDS; latency of each op in ms. */
async function measure(op: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  let counter = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await op(counter++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { ops: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function benchNode(label: string, env: Record<string, string>): Promise<Record<string, Figures>> {
  const node = await startNode({ ...env, LOG_LEVEL: 'warn', ZSTACK_JOB_RESULT_TTL: '600' });
  try {
    const api = new ZStackClient(node.url);
    await api.login();
    const tag = randomUUID().slice(0, 6);
    const create = await measure(async (i) => {
      const done = await api.run('POST', '/v1/zones', { params: { name: `bench-${tag}-${i}` } });
      if (done.status !== 200) throw new Error(`CreateZone answered ${done.status}: ${JSON.stringify(done.body)}`);
    });
    const created = create.ops;
    const query = await measure(async (i) => {
      const answer = await api.call('GET', `/v1/zones?q=name=bench-${tag}-${i % created}`);
      if (answer.status !== 200 || answer.body.inventories.length !== 1) throw new Error(`QueryZone answered ${answer.status}`);
    });
    console.error(`  ${label}: done`);
    return { [`CreateZone, ${label}`]: create, [`QueryZone, ${label}`]: query };
  } finally {
    await node.stop();
  }
}

async function rawInserts(url: string): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  pool.on('error', (err) => console.error('raw INSERT pool:', err.message));
  await pool.query('CREATE TABLE bench_raw_zone (uuid varchar(32) PRIMARY KEY, name varchar(255) NOT NULL, description varchar(2048), state varchar(32) NOT NULL, type varchar(32) NOT NULL, "createDate" timestamptz NOT NULL, "lastOpDate" timestamptz NOT NULL)');
  try {
    return await measure(async (i) => {
      await pool.query('INSERT INTO bench_raw_zone VALUES ($1, $2, NULL, $3, $4, now(), now())', [randomUUID().replace(/-/g, ''), `raw-${i}`, 'Enabled', 'zstack']);
    });
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  console.error(`bench:api — ${SECONDS} s per measurement, ${CONCURRENCY} concurrent clients`);
  const results: Record<string, Figures> = {};
  const data = tempDataDir();
  try {
    Object.assign(results, await benchNode('embedded (PGlite + in-process bus)', { ZSTACK_DATA_DIR: data.dir }));
  } finally {
    data.cleanup();
  }
  const database = await createTestDatabase();
  const prefix = `zstack-bench-${randomUUID().slice(0, 8)}`;
  try {
    Object.assign(results, await benchNode('PostgreSQL + RabbitMQ', { DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: prefix }));
    results['raw single-row INSERT, PostgreSQL'] = await rawInserts(database.url);
  } finally {
    await database.drop();
    const amqp = await import('amqplib');
    const connection = await amqp.default.connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (let p = 0; p < 16; p++) await channel.deleteQueue(`${prefix}.commands.${p}`).catch(() => undefined);
    await connection.close();
  }

  const floor = results['raw single-row INSERT, PostgreSQL'].perSecond;
  console.log('');
  console.log('| measurement | ops | ops/s | p50 ms | p99 ms | vs raw INSERT |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, f] of Object.entries(results)) {
    console.log(`| ${name} | ${f.ops} | ${f.perSecond.toFixed(1)} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${(f.perSecond / floor).toFixed(3)} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
