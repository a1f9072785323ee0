// The image family's synchronous answers.
import type { DataSource } from 'typeorm';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { toInventory } from '../resource/inventory.js';

/** Where the images of a backup storage may be migrated: the other backup storages that
 *  share a zone with it, Enabled and Connected, as ZStack's candidates. */
export const GetBackupStorageCandidatesForImageMigration: SyncApiHandler = {
  api: 'GetBackupStorageCandidatesForImageMigration',
  answer: async ({ pathParams }, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const rows = (await db.query(
      `SELECT DISTINCT b.* FROM "backup_storage" b
         JOIN "backup_storage_zone_ref" z ON z."backupStorageUuid" = b."uuid"
         JOIN "backup_storage_zone_ref" s ON s."zoneUuid" = z."zoneUuid" AND s."backupStorageUuid" = $1
       WHERE b."uuid" <> $1 AND b."state" = 'Enabled' AND b."status" = 'Connected'
       ORDER BY b."createDate"`,
      [pathParams.srcBackupStorageUuid],
    )) as Record<string, unknown>[];
    const zones = (await db.query(`SELECT "backupStorageUuid", "zoneUuid" FROM "backup_storage_zone_ref" ORDER BY "createDate"`)) as { backupStorageUuid: string; zoneUuid: string }[];
    return { inventories: rows.map((r) => toInventory('BackupStorageInventory', { ...r, attachedZoneUuids: zones.filter((z) => z.backupStorageUuid === r.uuid).map((z) => z.zoneUuid) })) };
  },
};
