// The database: PostgreSQL when DATABASE_URL is set, else PGlite (PostgreSQL compiled to
// WebAssembly, in-process) in ZSTACK_DATA_DIR. Same entities, same migrations: the
// embedded default is the real schema and survives restarts.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ManagementConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { pgliteDriver, pgliteSerializers } from './pglite-driver.js';

/** Serialises schema changes across management nodes starting at once. */
const MIGRATION_LOCK_ID = 7_000_001;

export async function openDataSource(config: Pick<ManagementConfig, 'databaseUrl' | 'dataDir'>): Promise<DataSource> {
  const common = { type: 'postgres' as const, entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false };
  let options: DataSourceOptions;
  if (config.databaseUrl) {
    options = { ...common, url: config.databaseUrl, extra: { max: 20 } };
  } else {
    const dir = resolve(config.dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
    const db = await PGlite.create(join(dir), { serializers: pgliteSerializers });
    options = { ...common, driver: pgliteDriver(db) };
  }
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  await migrate(dataSource);
  return dataSource;
}

async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const embedded = !(dataSource.options as { url?: string }).url;
  if (embedded) {
    // PGlite has a single connection: the lock runner would hold it and deadlock the migration.
    await runner.release();
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
