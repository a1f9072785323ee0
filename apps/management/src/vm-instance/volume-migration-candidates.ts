// Where PrimaryStorageMigrateVolume can move a volume: another shared file storage (shared
// mount point or NFS), Enabled and Connected, with room for the volume, attached to a cluster
// the volume's storage is attached to too (a host there sees both and copies the file).
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { primaryStorageInventory } from '../primary-storage/primary-storage.repository.js';

/** Storage types whose volumes are files every host of their clusters sees. */
export const SHARED_FILE_STORAGE_TYPES = ['SharedMountPoint', 'NFS'];

export interface VolumeOnStorage {
  primaryStorageUuid: string;
  size: number | string;
}

/** The storages `volume` can move to, optionally only `only`; best first (most room). */
export async function migrationCandidates(db: EntityManager, volume: VolumeOnStorage, only?: string): Promise<string[]> {
  return rowsOf<{ uuid: string }>(
    await db.query(
      `SELECT d."uuid" FROM "primary_storage" d
       WHERE d."uuid" <> $1 AND d."type" = ANY($2) AND d."state" = 'Enabled' AND d."status" = 'Connected' AND d."availableCapacity" >= $3
         AND ($4::varchar IS NULL OR d."uuid" = $4)
         AND EXISTS (SELECT 1 FROM "primary_storage_cluster_ref" a JOIN "primary_storage_cluster_ref" b ON b."clusterUuid" = a."clusterUuid"
                     WHERE a."primaryStorageUuid" = $1 AND b."primaryStorageUuid" = d."uuid")
       ORDER BY d."availableCapacity" DESC, d."uuid"`,
      [volume.primaryStorageUuid, SHARED_FILE_STORAGE_TYPES, volume.size, only ?? null],
    ),
  ).map((r) => r.uuid);
}

/** A volume's storage, type and host (local storage), as the candidate lists need them. */
export async function volumeStorageOrFail(db: EntityManager, volumeUuid: string): Promise<VolumeOnStorage & { type: string; hostUuid: string | null }> {
  const [volume] = rowsOf<{ primaryStorageUuid: string | null; size: string; type: string | null; hostUuid: string | null }>(
    await db.query(
      `SELECT v."primaryStorageUuid", v."size", v."hostUuid", p."type" FROM "volume" v LEFT JOIN "primary_storage" p ON p."uuid" = v."primaryStorageUuid" WHERE v."uuid" = $1`,
      [volumeUuid],
    ),
  );
  if (!volume) throw ApiError.notFound(`volume ${volumeUuid} does not exist`);
  if (!volume.primaryStorageUuid || !volume.type) throw ApiError.operation(`volume ${volumeUuid} is on no primary storage`);
  return { primaryStorageUuid: volume.primaryStorageUuid, size: volume.size, type: volume.type, hostUuid: volume.hostUuid };
}

/** Throws why PrimaryStorageMigrateVolume does not move a volume of `type` storage, if it does not. */
export function refuseUnlessSharedFile(volumeUuid: string, type: string): void {
  if (type === 'LocalStorage') throw ApiError.operation(`volume ${volumeUuid} is on local storage; LocalStorageMigrateVolume moves it to another host (LocalStorageGetVolumeMigratableHosts lists which)`);
  if (!SHARED_FILE_STORAGE_TYPES.includes(type)) throw ApiError.operation(`volume ${volumeUuid} is on ${type} primary storage; this release moves volumes between shared mount point and NFS storages`);
}

export const GetPrimaryStorageCandidatesForVolumeMigration: SyncApiHandler = {
  api: 'GetPrimaryStorageCandidatesForVolumeMigration',
  answer: async (request, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const volume = await volumeStorageOrFail(db.manager, request.pathParams.volumeUuid);
    refuseUnlessSharedFile(request.pathParams.volumeUuid, volume.type);
    const uuids = await migrationCandidates(db.manager, volume);
    return { inventories: await Promise.all(uuids.map((uuid) => primaryStorageInventory(db.manager, uuid))) };
  },
};
