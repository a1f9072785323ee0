// The backup storage family's synchronous answers.
import { In, type DataSource } from 'typeorm';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { BackupStorageBackends } from './backup-storage-backends.js';
import { BackupStorageEntity, BackupStorageZoneRefEntity } from './backup-storage.entity.js';

/** The backup storage types whose plug-ins this node runs (ZStack answers `backupStorageTypes`). */
export const GetBackupStorageTypes: SyncApiHandler = {
  api: 'GetBackupStorageTypes',
  answer: (_request, providers) => ({ backupStorageTypes: providers.get(BackupStorageBackends, { strict: false }).types() }),
};

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? value.split(',') : []);

/** Sum of the capacities of the backup storages named, or of those attached to the zones
 *  named, or of all (`all=true`), as ZStack's APIGetBackupStorageCapacityReply. */
export const GetBackupStorageCapacity: SyncApiHandler = {
  api: 'GetBackupStorageCapacity',
  answer: async (request, providers) => {
    const params = { ...request.query, ...request.params }; // a GET: they come in the query string
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    let uuids = listOf(params.backupStorageUuids);
    const zoneUuids = listOf(params.zoneUuids);
    if (zoneUuids.length) {
      const refs = await db.getRepository(BackupStorageZoneRefEntity).findBy({ zoneUuid: In(zoneUuids) });
      uuids = [...uuids, ...refs.map((r) => r.backupStorageUuid)];
    }
    const all = params.all === true || params.all === 'true';
    if (!all && !uuids.length) return { totalCapacity: 0, availableCapacity: 0 };
    const rows = await db.getRepository(BackupStorageEntity).find(all ? {} : { where: { uuid: In([...new Set(uuids)]) } });
    return {
      totalCapacity: rows.reduce((sum, r) => sum + Number(r.totalCapacity), 0),
      availableCapacity: rows.reduce((sum, r) => sum + Number(r.availableCapacity), 0),
    };
  },
};

export const BACKUP_STORAGE_SYNC_APIS: readonly SyncApiHandler[] = [GetBackupStorageTypes, GetBackupStorageCapacity];
