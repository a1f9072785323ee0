// npm run bench:capacity — capacity that never drifts. Thousands of concurrent reserve and
// release operations (as VM creations and deletions would make them) against one primary
// storage, through the node's CapacityReservations, while "reconnects" re-measure the
// storage in the middle: the agent's own filesystem driver runs `df` on a real directory
// whose use changes between measurements (a file written and removed), and the
// measurement is recorded exactly as PrimaryStorageConnector records it. At the end every
// reservation still held is released: what the storage says is reserved must then be 0
// (the drift), and must equal what the workers hold at every check on the way.
// On PostgreSQL (a pool of 20 connections) and on the embedded PGlite.
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AgentLog } from '../../apps/agent/src/agent-log.js';
import { SpawnCommandRunner } from '../../apps/agent/src/command-runner.js';
import { LinuxFilesystemDriver } from '../../apps/agent/src/drivers/filesystem/filesystem-driver.js';
import { openDataSource } from '../../apps/management/src/database/data-source.js';
import { CapacityReservations } from '../../apps/management/src/primary-storage/capacity-reservations.js';
import { createTestDatabase } from '../support/postgres.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 64);
const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 20_000);
const RECONNECTS = Number(process.env.BENCH_RECONNECTS ?? 20);
const MiB = 1024 * 1024;
const PS = 'ps000000000000000000000000000001';

async function seed(db: DataSource): Promise<void> {
  await db.query(`INSERT INTO zone VALUES ('zone0000000000000000000000000001', 'bench-zone', NULL, 'Enabled', 'zstack', now(), now())`);
  await db.query(
    `INSERT INTO primary_storage ("uuid", "zoneUuid", "name", "url", "type", "state", "status", "createDate", "lastOpDate")
     VALUES ($1, 'zone0000000000000000000000000001', 'bench-ps', '/bench', 'LocalStorage', 'Enabled', 'Connected', now(), now())`,
    [PS],
  );
}

interface Result {
  operations: number;
  refused: number;
  reconnects: number;
  seconds: number;
  heldBeforeRelease: number;
  reservedBeforeRelease: number;
  drift: number;
}

async function run(db: DataSource, dir: string): Promise<Result> {
  await seed(db);
  const capacity = new CapacityReservations(db);
  const driver = new LinuxFilesystemDriver(new SpawnCommandRunner(new AgentLog(null)));
  const reconnect = async (round: number) => {
    // The directory's use changes between two measurements, as a host's disk does.
    if (round % 2) writeFileSync(join(dir, 'other-use'), Buffer.alloc(2 * MiB, 1));
    else rmSync(join(dir, 'other-use'), { force: true });
    const df = await driver.capacity(dir);
    await capacity.refresh(PS, { totalPhysicalCapacity: df.totalBytes, availablePhysicalCapacity: df.availableBytes });
  };
  await reconnect(0);

  const held: number[][] = Array.from({ length: WORKERS }, () => []);
  let done = 0;
  let refused = 0;
  let reconnects = 0;
  const perWorker = Math.ceil(OPERATIONS / WORKERS);
  const every = Math.max(1, Math.floor(OPERATIONS / (RECONNECTS + 1)));
  const started = process.hrtime.bigint();
  let reconnecting: Promise<void> = Promise.resolve();
  await Promise.all(
    held.map(async (mine) => {
      for (let i = 0; i < perWorker; i++) {
        // Reserve twice as often as release, so reservations pile up and some are refused.
        if (mine.length && randomInt(3) === 0) await capacity.release(PS, mine.splice(randomInt(mine.length), 1)[0]);
        else {
          const size = randomInt(1, 256) * MiB;
          if (await capacity.reserve(PS, size)) mine.push(size);
          else refused++;
        }
        if (++done % every === 0 && reconnects < RECONNECTS) {
          reconnects++;
          reconnecting = reconnecting.then(() => reconnect(reconnects));
        }
      }
    }),
  );
  await reconnecting;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const heldBeforeRelease = held.flat().reduce((a, b) => a + b, 0);
  const reservedBeforeRelease = await capacity.reserved(PS);
  await Promise.all(held.flat().map((size) => capacity.release(PS, size)));
  await reconnect(RECONNECTS + 1);
  return { operations: done, refused, reconnects, seconds, heldBeforeRelease, reservedBeforeRelease, drift: await capacity.reserved(PS) };
}

function report(name: string, r: Result): void {
  console.log(`\n${name}`);
  console.log(`  ${r.operations} reserve/release operations by ${WORKERS} workers with ${r.reconnects} reconnects in the middle: ${(r.operations / r.seconds).toFixed(0)} operations/s (${r.seconds.toFixed(2)} s)`);
  console.log(`  reservations refused for want of capacity: ${r.refused}`);
  console.log(`  held by the workers before the final release: ${r.heldBeforeRelease} bytes; reserved per the storage: ${r.reservedBeforeRelease} bytes`);
  console.log(`  final drift (reserved after every reservation was released): ${r.drift} bytes`);
}

/** Runs the bench on a freshly opened database; true when it drifted. */
async function benchOn(name: string, dir: string, open: () => Promise<{ db: DataSource; close: () => Promise<void> }>): Promise<boolean> {
  const { db, close } = await open();
  try {
    const r = await run(db, dir);
    report(name, r);
    return r.drift !== 0 || r.heldBeforeRelease !== r.reservedBeforeRelease;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zstack-capacity-bench-'));
  let drifted = false;
  try {
    const onPostgres = await benchOn('PostgreSQL', dir, async () => {
      const database = await createTestDatabase();
      const db = await openDataSource({ databaseUrl: database.url, dataDir: '' });
      return { db, close: () => db.destroy().then(database.drop) };
    });
    const onPglite = await benchOn('embedded (PGlite)', dir, async () => {
      const liteDir = mkdtempSync(join(tmpdir(), 'zstack-capacity-bench-lite-'));
      const db = await openDataSource({ databaseUrl: null, dataDir: liteDir });
      return { db, close: () => db.destroy().then(() => rmSync(liteDir, { recursive: true, force: true })) };
    });
    drifted = onPostgres || onPglite;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (drifted) {
    console.error('\ncapacity drifted');
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
