// A column whose value is sealed at rest (kvm_host.password and agentSecret): TypeORM seals on write and
// opens on read, so the code that uses the entity sees the plain value and the table,
// its dumps and the WAL see only ciphertext.
import type { ValueTransformer } from 'typeorm';
import { secretBox } from './secret-box.js';

export const sealedColumn: ValueTransformer = {
  to: (value: unknown) => (typeof value === 'string' ? secretBox().seal(value) : value),
  from: (value: unknown) => (typeof value === 'string' ? secretBox().open(value) : value),
};

/** Every sealed column, for re-sealing at start (key rotation, rows from older releases). */
export const SEALED_COLUMNS: readonly { table: string; column: string; key: string }[] = [
  { table: 'kvm_host', column: 'password', key: 'uuid' },
  { table: 'kvm_host', column: 'agentSecret', key: 'uuid' },
  { table: 'iscsi_server', column: 'chapUserPassword', key: 'uuid' },
  { table: 'image_store_backup_storage_host', column: 'password', key: 'uuid' },
  { table: 'image_store_backup_storage_host', column: 'agentSecret', key: 'uuid' },
];
