// npm run bench:vms — CreateVmInstance end to end on one management node (PostgreSQL +
// RabbitMQ) against simulated agents (test/support/simulated-agents.ts: a real HTTP server
// per host on its own loopback address, answering the agent protocol's VM paths as libvirt
// and qemu-img would). BENCH_VMS VMs (10,000) are created by BENCH_CONCURRENCY clients, each
// a POST and polls of its job as ZStack's SDKs do, on BENCH_HOSTS hosts sharing one NFS
// primary storage; then all are destroyed and expunged. Prints VMs/s, p50/p99 per create
// and per destroy+expunge (polled as zstack-cli polls), and the capacity drift: what hosts and the primary storage have
// reserved against what the VMs hold, after the creates and after the deletes (must be 0).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { type RunningNode, startNode } from '../support/management-node.js';
import { AMQP_URL, createTestDatabase } from '../support/postgres.js';
import { seedKvmHosts, simulatedHosts } from '../support/simulated-agents.js';
import { ZStackClient } from '../support/zstack-client.js';
import { cpuSeconds, Simulators } from './simulators.js';

const VMS = Number(process.env.BENCH_VMS ?? 10_000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const AGENT_PORT = 7070;
const HOST_CPUS = 128;
const HOST_MEMORY = 512 * 1024 ** 3;
const VM_MEMORY = 1024 ** 3;
const IMAGE_BYTES = 2 * 1024 ** 3;
const PS_BYTES = 1024 ** 5;
const newUuid = () => randomUUID().replace(/-/g, '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The zone's NFS primary storage and an image on an ImageStore, written straight into the
 *  database; the image has an export valid for a day, which the node uses as it is. */
async function seedStorage(db: pg.Client): Promise<{ imageUuid: string; psUuid: string }> {
  const { rows } = await db.query(`SELECT "uuid", "zoneUuid" FROM "cluster" LIMIT 1`);
  const [{ uuid: cluster, zoneUuid: zone }] = rows;
  const psUuid = newUuid();
  await db.query(
    `INSERT INTO "primary_storage" ("uuid", "zoneUuid", "name", "url", "type", "state", "status", "mountPath", "totalCapacity", "availableCapacity", "totalPhysicalCapacity", "availablePhysicalCapacity", "systemUsedCapacity", "createDate", "lastOpDate")
     VALUES ($1, $2, 'nfs-sim', '10.0.0.1:/export', 'NFS', 'Enabled', 'Connected', $3, $4, $4, $4, $4, 0, now(), now())`,
    [psUuid, zone, `/opt/zstack/nfsprimarystorage/prim-${psUuid}`, PS_BYTES],
  );
  await db.query(`INSERT INTO "primary_storage_cluster_ref" VALUES ($1, $2, now())`, [psUuid, cluster]);
  const bsUuid = newUuid();
  await db.query(
    `INSERT INTO "backup_storage" ("uuid", "name", "url", "type", "state", "status", "totalCapacity", "availableCapacity", "createDate", "lastOpDate") VALUES ($1, 'store-sim', '/data/store', 'ImageStore', 'Enabled', 'Connected', $2, $2, now(), now())`,
    [bsUuid, PS_BYTES],
  );
  await db.query(`INSERT INTO "backup_storage_zone_ref" VALUES ($1, $2, now())`, [bsUuid, zone]);
  const imageUuid = newUuid();
  const exportUrl = `http://10.0.0.2:7071/image-store/download/${imageUuid}?store=%2Fdata%2Fstore&expires=${Date.now() + 86_400_000}&token=simulated`;
  await db.query(
    `INSERT INTO "image" ("uuid", "name", "state", "status", "size", "actualSize", "md5Sum", "sha256", "url", "mediaType", "type", "format", "system", "exportUrl", "createDate", "lastOpDate")
     VALUES ($1, 'bench', 'Enabled', 'Ready', $2, $2, $3, $4, 'http://mirror/bench.qcow2', 'RootVolumeTemplate', 'zstack', 'qcow2', false, $5, now(), now())`,
    [imageUuid, IMAGE_BYTES, '0'.repeat(32), '0'.repeat(64), exportUrl],
  );
  await db.query(`INSERT INTO "image_backup_storage_ref" ("imageUuid", "backupStorageUuid", "installPath", "status", "createDate", "lastOpDate") VALUES ($1, $2, '/data/store/blobs/0', 'Ready', now(), now())`, [imageUuid, bsUuid]);
  await db.query(`UPDATE "host" SET "cpuNum" = $1::int, "totalCpuCapacity" = $1::bigint, "availableCpuCapacity" = $1::bigint, "totalMemoryCapacity" = $2::bigint, "availableMemoryCapacity" = $2::bigint`, [HOST_CPUS, HOST_MEMORY]);
  return { imageUuid, psUuid };
}

/** Reserved capacity that no VM or volume holds (or held capacity not reserved): 0 when exact. */
async function drift(db: pg.Client, psUuid: string): Promise<{ cpu: number; memory: number; storage: number }> {
  const host = await db.query(
    `SELECT COALESCE(SUM(ABS(("totalCpuCapacity" - "availableCpuCapacity") - COALESCE(v.cpu, 0))), 0)::bigint AS cpu,
            COALESCE(SUM(ABS(("totalMemoryCapacity" - "availableMemoryCapacity") - COALESCE(v.memory, 0))), 0)::bigint AS memory
     FROM "host" h LEFT JOIN (SELECT "hostUuid", SUM("cpuNum") AS cpu, SUM("memorySize") AS memory FROM "vm_instance" GROUP BY "hostUuid") v ON v."hostUuid" = h."uuid"`,
  );
  const ps = await db.query(
    `SELECT ("totalCapacity" - "systemUsedCapacity" - "availableCapacity") - COALESCE((SELECT SUM("size") FROM "volume" WHERE "primaryStorageUuid" = $1), 0) AS storage FROM "primary_storage" WHERE "uuid" = $1`,
    [psUuid],
  );
  return { cpu: Number(host.rows[0].cpu), memory: Number(host.rows[0].memory), storage: Number(ps.rows[0].storage) };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `work` for items 0..n-1 with `concurrency` at a time; each one's milliseconds. */
async function inParallel(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<{ seconds: number; ms: number[] }> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        await work(i);
        ms.push(performance.now() - s);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, ms: ms.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const simulators = new Simulators();
  const hosts = simulatedHosts(HOSTS, 78, AGENT_PORT);
  let node: RunningNode | null = null;
  const db = new pg.Client({ connectionString: database.url });
  try {
    const env = { DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: `bench-vms-${process.pid}`, LOG_LEVEL: 'warn', ZSTACK_HOST_PING_INTERVAL: '3600', ZSTACK_PRIMARY_STORAGE_REFRESH_INTERVAL: '0' };
    node = await startNode(env); // migrates the schema
    await node.stop();
    await db.connect();
    await seedKvmHosts(db, hosts);
    const { imageUuid, psUuid } = await seedStorage(db);
    await simulators.start(hosts, { volumeBytes: IMAGE_BYTES });
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the node (node dist/test/bench/profile-top.js <file>).
    node = await startNode(process.env.BENCH_CPU_PROF ? { ...env, NODE_OPTIONS: `--import=${join(import.meta.dirname, 'cpu-profiler.js')}`, BENCH_CPU_PROF: process.env.BENCH_CPU_PROF } : env);
    const api = new ZStackClient(node.url);
    if ((await api.login()).status !== 200) throw new Error('cannot log in');
    const vmUuids: string[] = [];
    const failures: string[] = [];
    // Polled as zstack-cli polls a job (50 ms, doubling to 1 s): 20 ms polls from every client
    // would measure the polls, not the VMs.
    const run = async (method: string, path: string, body: unknown) => {
      let answer = await api.call(method, path, body);
      if (answer.status === 202) {
        const location = new URL(answer.body.location).pathname.replace(/^\/zstack/, '');
        for (let delay = 50; answer.status === 202; delay = Math.min(delay * 2, 1000)) {
          await sleep(delay);
          answer = await api.call('GET', location);
        }
      }
      if (answer.status !== 200) failures.push(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer;
    };

    console.error(`bench:vms: creating ${VMS} VMs on ${HOSTS} simulated hosts, ${CONCURRENCY} clients...`);
    const c0 = cpuSeconds(node.process.pid!);
    const created = await inParallel(VMS, CONCURRENCY, async (i) => {
      const answer = await run('POST', '/v1/vm-instances', { params: { name: `vm-${i}`, cpuNum: 1, memorySize: VM_MEMORY, imageUuid } });
      if (answer.status === 200) vmUuids.push(answer.body.inventory.uuid);
    });
    const createCpu = cpuSeconds(node.process.pid!) - c0;
    const running = await db.query(`SELECT COUNT(*)::int AS n FROM "vm_instance" WHERE "state" = 'Running'`);
    const afterCreate = await drift(db, psUuid);

    console.error(`bench:vms: destroying and expunging ${vmUuids.length} VMs...`);
    const removed = await inParallel(vmUuids.length, CONCURRENCY, async (i) => {
      await run('DELETE', `/v1/vm-instances/${vmUuids[i]}`, undefined);
      await run('PUT', `/v1/vm-instances/${vmUuids[i]}/actions`, { expungeVmInstance: {} });
    });
    await sleep(100);
    const afterDelete = await drift(db, psUuid);
    const left = await db.query(
      `SELECT (SELECT COUNT(*) FROM "vm_instance")::int AS vms, (SELECT COUNT(*) FROM "volume")::int AS volumes,
              (SELECT COUNT(*) FROM "host" WHERE "availableCpuCapacity" <> "totalCpuCapacity" OR "availableMemoryCapacity" <> "totalMemoryCapacity")::int AS "hostsNotFree",
              (SELECT "totalCapacity" - "availableCapacity" FROM "primary_storage" WHERE "uuid" = $1)::bigint AS "storageNotFree"`,
      [psUuid],
    );
    const row = (measurement: string, timing: { seconds: number; ms: number[] }, cpuMsPerVm: number | string, runningAfter: number, d: { cpu: number; memory: number; storage: number }) => ({
      measurement,
      VMs: timing.ms.length,
      'VMs/s': round(timing.ms.length / timing.seconds),
      seconds: round(timing.seconds),
      'p50 ms': round(percentile(timing.ms, 50)),
      'p99 ms': round(percentile(timing.ms, 99)),
      'node CPU ms per VM': cpuMsPerVm,
      'Running after': runningAfter,
      'drift cpu/memory/storage': `${d.cpu}/${d.memory}/${d.storage}`,
    });
    console.table([
      row('CreateVmInstance (POST + polls, InstantStart)', created, round((createCpu * 1000) / Math.max(1, created.ms.length), 2), running.rows[0].n, afterCreate),
      row('DestroyVmInstance + ExpungeVmInstance', removed, '', 0, afterDelete),
    ]);
    console.log(`left after the deletes: ${JSON.stringify(left.rows[0])}; failed calls: ${failures.length}`);
    for (const f of failures.slice(0, 5)) console.log(`  ${f}`);
  } finally {
    await db.end().catch(() => undefined);
    await node?.stop();
    simulators.stop();
    await database.drop();
  }
}

await main();
