// npm run bench:api — end-to-end CreateZone (202 + poll to done) and QueryZone throughput
// and latency, on the embedded default and on PostgreSQL + RabbitMQ, beside the raw rate
// of single-row INSERTs into the same PostgreSQL: the floor the job path cannot beat.
// Beside each rate: CPU ms per operation of the node and of its PostgreSQL backends, and
// the SQL statements (round trips) the node sent per operation (cost-probe.ts).
// BENCH_ONLY=embedded|postgres runs one setup, BENCH_CREATE_ONLY=1 skips QueryZone; BENCH_CPU_PROF=<dir> has the node write a
// V8 CPU profile there (cpu-profiler.ts), for `node dist/test/bench/profile-top.js <file>`.
// The load generator's own CPU per operation is printed too: it shares the machine's cores
// with the node. BENCH_CLIENT=fetch drives the node through ZStackClient (fetch) as the
// figures before 2026-12 were measured; the default is bench-client.ts (node:http).
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CostProbe, CPU_PROFILER, SQL_COUNTER } from './cost-probe.js';
import { startNode, tempDataDir } from '../support/management-node.js';
import { AMQP_URL, createTestDatabase } from '../support/postgres.js';
import { ZStackClient } from '../support/zstack-client.js';
import { BenchClient } from './bench-client.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ONLY = process.env.BENCH_ONLY;
const CPU_PROF = process.env.BENCH_CPU_PROF;
/** BENCH_CREATE_ONLY=1: no QueryZone phase (a profile of the job path alone). */
const CREATE_ONLY = process.env.BENCH_CREATE_ONLY === '1';
const FETCH_CLIENT = process.env.BENCH_CLIENT === 'fetch';

interface Figures {
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
  clientCpuMs?: number;
  nodeCpuMs?: number;
  pgCpuMs?: number;
  brokerCpuMs?: number;
  statements?: number;
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

/** measure(), with the CPU and statements it cost per operation. */
async function measureCost(probe: CostProbe, op: (i: number) => Promise<void>): Promise<Figures> {
  const before = await probe.snapshot();
  const client = process.cpuUsage();
  const figures = await measure(op);
  const { user, system } = process.cpuUsage(client);
  const cost = await probe.perOp(before, figures.ops);
  return { ...figures, clientCpuMs: (user + system) / 1000 / figures.ops, nodeCpuMs: cost.nodeMs, pgCpuMs: cost.pgMs, brokerCpuMs: cost.brokerMs, statements: cost.statements };
}

async function benchNode(label: string, env: Record<string, string>, databaseUrl: string | null): Promise<Record<string, Figures>> {
  const countFile = join(tmpdir(), `zstack-bench-sql-${randomUUID()}`);
  const nodeOptions = [`--import=${SQL_COUNTER}`, ...(CPU_PROF ? [`--import=${CPU_PROFILER}`] : [])];
  const node = await startNode({ ...env, LOG_LEVEL: 'warn', ZSTACK_JOB_RESULT_TTL: '600', NODE_OPTIONS: nodeOptions.join(' '), BENCH_SQL_COUNT_FILE: countFile, BENCH_CPU_PROF: CPU_PROF ?? '' });
  let bench: BenchClient | null = null;
  try {
    const probe = new CostProbe(node.process.pid!, databaseUrl, databaseUrl ? countFile : null);
    const login = new ZStackClient(node.url);
    await login.login();
    const api = FETCH_CLIENT ? login : (bench = new BenchClient(node.url, login.session!, CONCURRENCY));
    const tag = randomUUID().slice(0, 6);
    const create = await measureCost(probe, async (i) => {
      const done = await api.run('POST', '/v1/zones', { params: { name: `bench-${tag}-${i}` } });
      if (done.status !== 200) throw new Error(`CreateZone answered ${done.status}: ${JSON.stringify(done.body)}`);
    });
    const created = create.ops;
    if (CREATE_ONLY) return { [`CreateZone, ${label}`]: create };
    const query = await measureCost(probe, async (i) => {
      const answer = await api.call('GET', `/v1/zones?q=name=bench-${tag}-${i % created}`);
      if (answer.status !== 200 || answer.body.inventories.length !== 1) throw new Error(`QueryZone answered ${answer.status}`);
    });
    console.error(`  ${label}: done`);
    return { [`CreateZone, ${label}`]: create, [`QueryZone, ${label}`]: query };
  } finally {
    bench?.close();
    await node.stop();
    rmSync(countFile, { force: true });
  }
}

async function rawInserts(url: string): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  pool.on('error', (err) => console.error('raw INSERT pool:', err.message));
  await pool.query('CREATE TABLE bench_raw_zone (uuid varchar(32) PRIMARY KEY, name varchar(255) NOT NULL, description varchar(2048), state varchar(32) NOT NULL, type varchar(32) NOT NULL, "createDate" timestamptz NOT NULL, "lastOpDate" timestamptz NOT NULL)');
  const insert = (i: number) => pool.query('INSERT INTO bench_raw_zone VALUES ($1, $2, NULL, $3, $4, now(), now())', [randomUUID().replace(/-/g, ''), `raw-${i}`, 'Enabled', 'zstack']);
  try {
    // Open the pool's connections first, so their start-up is not counted as INSERT cost.
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => insert(-1 - i)));
    return { ...(await measureCost(new CostProbe(null, url, null), async (i) => void (await insert(i)))), statements: 1 };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  console.error(`bench:api — ${SECONDS} s per measurement, ${CONCURRENCY} concurrent clients`);
  const results: Record<string, Figures> = {};
  if (ONLY !== 'postgres') {
    const data = tempDataDir();
    try {
      Object.assign(results, await benchNode('embedded (PGlite + in-process bus)', { ZSTACK_DATA_DIR: data.dir }, null));
    } finally {
      data.cleanup();
    }
  }
  if (ONLY === 'embedded') return print(results);
  const database = await createTestDatabase();
  const prefix = `zstack-bench-${randomUUID().slice(0, 8)}`;
  try {
    Object.assign(results, await benchNode('PostgreSQL + RabbitMQ', { DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: prefix }, database.url));
    results['raw single-row INSERT, PostgreSQL'] = await rawInserts(database.url);
  } finally {
    await database.drop();
    const amqp = await import('amqplib');
    const connection = await amqp.default.connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (let p = 0; p < 16; p++) await channel.deleteQueue(`${prefix}.commands.${p}`).catch(() => undefined);
    await connection.close();
  }
  print(results);
}

function print(results: Record<string, Figures>): void {
  const floor = results['raw single-row INSERT, PostgreSQL']?.perSecond ?? NaN;
  const fixed = (n: number | undefined, digits: number) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
  console.log('');
  console.log(`${CONCURRENCY} concurrent clients (${FETCH_CLIENT ? 'fetch' : 'node:http'}). CPU ms per op: the load generator, the node (embedded: PGlite included), its PostgreSQL backends and RabbitMQ (all of the machine's beam.smp); statements: SQL round trips per op.`);
  console.log('| measurement | ops | ops/s | p50 ms | p99 ms | client CPU ms/op | node CPU ms/op | PostgreSQL CPU ms/op | RabbitMQ CPU ms/op | statements/op | vs raw INSERT |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, f] of Object.entries(results)) {
    const cells = [f.ops, fixed(f.perSecond, 1), fixed(f.p50, 2), fixed(f.p99, 2), fixed(f.clientCpuMs, 2), fixed(f.nodeCpuMs, 2), fixed(f.pgCpuMs, 2), fixed(f.brokerCpuMs, 2), fixed(f.statements, 1), fixed(f.perSecond / floor, 3)];
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
