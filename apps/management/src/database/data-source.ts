// The database: PostgreSQL when DATABASE_URL is set, else PGlite (PostgreSQL compiled to
// WebAssembly, in-process) in ZSTACK_DATA_DIR. Same entities, same migrations: the
// embedded default is the real schema and survives restarts.
import { PGlite } from '@electric-sql/pglite';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ManagementConfig } from '../config/config.js';
import { databaseStartupError } from '../config/startup-error.js';
import { openDataDir } from './data-dir.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { pgliteDriver, pgliteSerializers } from './pglite-driver.js';

/** Serialises schema changes across management nodes starting at once. */
const MIGRATION_LOCK_ID = 7_000_001;

export async function openDataSource(config: Pick<ManagementConfig, 'databaseUrl' | 'dataDir'>): Promise<DataSource> {
  const common = { type: 'postgres' as const, entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false };
  if (config.databaseUrl) {
    const dataSource = new DataSource({ ...common, url: config.databaseUrl, extra: { max: 20 } });
    try {
      await dataSource.initialize();
    } catch (err) {
      throw databaseStartupError(err, config.databaseUrl) ?? err;
    }
    await migrate(dataSource);
    return dataSource;
  }
  const dataDir = openDataDir(config.dataDir);
  try {
    const db = await PGlite.create(dataDir.pgdata, { serializers: pgliteSerializers });
    const options: DataSourceOptions = { ...common, driver: pgliteDriver(db) };
    const dataSource = new DataSource(options);
    await dataSource.initialize();
    await migrate(dataSource);
    // The folder's lock goes with the database, at shutdown.
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = () => destroy().finally(dataDir.release);
    return dataSource;
  } catch (err) {
    dataDir.release();
    throw err;
  }
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
