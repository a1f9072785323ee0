// npm run bench:query — the query engine on a generated estate of 10 zones, 100 clusters,
// 10,000 hosts and 100,000 PCI devices (plus tags): median and p99 latency of queries with
// 0 to 3 joins, tags, count and sort+limit, each beside the same query hand-written in SQL
// against the same database, as a ratio. On PostgreSQL, and on the embedded PGlite.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../../apps/management/src/database/data-source.js';
import { QueryEngine } from '../../apps/management/src/query/query-engine.js';
import { parseQueryRequest } from '../../apps/management/src/query/query-request.js';
import { createTestDatabase } from '../support/postgres.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

async function seed(db: DataSource): Promise<void> {
  await db.query(`
    INSERT INTO zone SELECT 'a' || lpad(to_hex(i), 31, '0'), 'zone-' || i, NULL, 'Enabled', 'zstack', now(), now() FROM generate_series(0, 9) i;
    INSERT INTO cluster SELECT 'b' || lpad(to_hex(i), 31, '0'), 'cluster-' || i, NULL, CASE WHEN i % 10 = 0 THEN 'Disabled' ELSE 'Enabled' END, 'KVM', 'zstack', 'a' || lpad(to_hex(i % 10), 31, '0'), now(), now() FROM generate_series(0, 99) i;
    INSERT INTO host SELECT 'c' || lpad(to_hex(i), 31, '0'), 'a' || lpad(to_hex((i % 100) % 10), 31, '0'), 'b' || lpad(to_hex(i % 100), 31, '0'), 'host-' || i, NULL,
      '10.' || (i / 65536) || '.' || ((i / 256) % 256) || '.' || (i % 256), 'KVM', 'Enabled', CASE WHEN i % 20 = 0 THEN 'Disconnected' ELSE 'Connected' END,
      32000, 16000, 2, 274877906944, 137438953472, 64, now() - make_interval(secs => i), now() FROM generate_series(0, 9999) i;
    INSERT INTO pci_device SELECT 'd' || lpad(to_hex(i), 31, '0'), NULL, 'c' || lpad(to_hex(i / 10), 31, '0'), NULL, CASE WHEN i % 10 < 4 THEN '10de' ELSE '8086' END, '1eb8', NULL, NULL,
      '0000:' || lpad(to_hex(i % 10), 2, '0') || ':00.0', 'Active', 'Enabled', CASE WHEN i % 10 < 4 THEN 'GPU_Video_Controller' ELSE 'Generic' END, NULL, now(), now() FROM generate_series(0, 99999) i;
    INSERT INTO user_tag SELECT 'f' || lpad(to_hex(i), 31, '0'), 'c' || lpad(to_hex(i), 31, '0'), 'HostVO', 'rack-' || (i % 50), 'User', now(), now() FROM generate_series(0, 9999) i;
    ANALYZE;
  `);
}

interface Case {
  name: string;
  api: string;
  resource: string;
  query: string;
  sql: string;
  params: unknown[];
}

const CASES: Case[] = [
  { name: '0 joins, one page', api: 'QueryHost', resource: 'Host', query: 'q=status=Connected&limit=100', sql: `SELECT * FROM host WHERE status = $1 ORDER BY uuid LIMIT 100`, params: ['Connected'] },
  { name: '0 joins, by name', api: 'QueryHost', resource: 'Host', query: 'q=name=host-5000', sql: `SELECT * FROM host WHERE name = $1 ORDER BY uuid LIMIT 1000`, params: ['host-5000'] },
  { name: '1 join', api: 'QueryHost', resource: 'Host', query: 'q=cluster.name=cluster-42', sql: `SELECT h.* FROM host h JOIN cluster c ON c.uuid = h."clusterUuid" WHERE c.name = $1 ORDER BY h.uuid LIMIT 1000`, params: ['cluster-42'] },
  { name: '2 joins, one page', api: 'QueryHost', resource: 'Host', query: 'q=cluster.zone.name=zone-3&limit=100', sql: `SELECT h.* FROM host h JOIN cluster c ON c.uuid = h."clusterUuid" JOIN zone z ON z.uuid = c."zoneUuid" WHERE z.name = $1 ORDER BY h.uuid LIMIT 100`, params: ['zone-3'] },
  { name: '3 joins, one page', api: 'QueryPciDevice', resource: 'PciDevice', query: 'q=host.cluster.zone.name=zone-3&q=vendorId=10de&limit=100', sql: `SELECT d.* FROM pci_device d JOIN host h ON h.uuid = d."hostUuid" JOIN cluster c ON c.uuid = h."clusterUuid" JOIN zone z ON z.uuid = c."zoneUuid" WHERE z.name = $1 AND d."vendorId" = $2 ORDER BY d.uuid LIMIT 100`, params: ['zone-3', '10de'] },
  { name: 'user tag, one page', api: 'QueryHost', resource: 'Host', query: 'q=__userTag__=rack-7&limit=100', sql: `SELECT h.* FROM host h WHERE EXISTS (SELECT 1 FROM user_tag t WHERE t."resourceUuid" = h.uuid AND t.tag = $1) ORDER BY h.uuid LIMIT 100`, params: ['rack-7'] },
  { name: 'count, 0 joins', api: 'QueryPciDevice', resource: 'PciDevice', query: 'q=vendorId=10de&count=true', sql: `SELECT count(*) FROM pci_device WHERE "vendorId" = $1`, params: ['10de'] },
  { name: 'count, 2 joins', api: 'QueryHost', resource: 'Host', query: 'q=cluster.state=Disabled&q=status=Connected&count=true', sql: `SELECT count(*) FROM host h JOIN cluster c ON c.uuid = h."clusterUuid" WHERE c.state = $1 AND h.status = $2`, params: ['Disabled', 'Connected'] },
  { name: 'sort + limit', api: 'QueryHost', resource: 'Host', query: 'sort=-createDate&limit=50', sql: `SELECT * FROM host ORDER BY "createDate" DESC, uuid LIMIT 50`, params: [] },
  { name: 'sort + limit, 100k rows', api: 'QueryPciDevice', resource: 'PciDevice', query: 'q=type=GPU_Video_Controller&sort=%2BpciDeviceAddress&limit=100', sql: `SELECT * FROM pci_device WHERE type = $1 ORDER BY "pciDeviceAddress", uuid LIMIT 100`, params: ['GPU_Video_Controller'] },
];

type Figures = { median: number; p99: number };

/** Times two ways of answering the same question, alternating them call by call so that
 *  noise on the machine falls on both alike. */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Figures, Figures]> {
  for (let i = 0; i < 5; i++) await Promise.all([a(), b()]); // warm caches and plans
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, fn] of [a, b].entries()) {
      const t = performance.now();
      await fn();
      samples[k].push(performance.now() - t);
    }
  }
  return samples.map((s) => {
    s.sort((x, y) => x - y);
    return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] };
  }) as [Figures, Figures];
}

async function run(label: string, db: DataSource): Promise<void> {
  const started = performance.now();
  await seed(db);
  console.error(`  ${label}: estate seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const engine = new QueryEngine(db);
  console.log(`\n### ${label}\n`);
  console.log('| query | API and conditions | engine median ms | engine p99 ms | hand SQL median ms | hand SQL p99 ms | ratio (medians) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const c of CASES) {
    const [engineTimes, handTimes] = await timePair(
      () => engine.query(c.resource, parseQueryRequest(new URLSearchParams(c.query), 10_000)),
      () => db.query(c.sql, c.params),
    );
    console.log(`| ${c.name} | ${c.api} \`${c.query}\` | ${engineTimes.median.toFixed(2)} | ${engineTimes.p99.toFixed(2)} | ${handTimes.median.toFixed(2)} | ${handTimes.p99.toFixed(2)} | ${(engineTimes.median / handTimes.median).toFixed(2)} |`);
  }
}

async function main(): Promise<void> {
  console.error(`bench:query — ${ROUNDS} rounds per query`);
  const database = await createTestDatabase();
  const pg = await openDataSource({ databaseUrl: database.url, dataDir: '' });
  try {
    await run('PostgreSQL', pg);
  } finally {
    await pg.destroy();
    await database.drop();
  }
  if (process.env.BENCH_SKIP_EMBEDDED) return;
  const dir = mkdtempSync(join(tmpdir(), 'bench-query-'));
  const lite = await openDataSource({ databaseUrl: null, dataDir: dir });
  try {
    await run('embedded (PGlite)', lite);
  } finally {
    await lite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
