// Local storage's synchronous answers.
import { ApiError } from '#contract';
import { type DataSource, In } from 'typeorm';
import type { SyncApiHandler } from '../../api/sync-api.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { rowsOf } from '../../database/sql.js';
import { HostEntity } from '../../host/host.entity.js';
import { hostInventory } from '../../host/host.repository.js';
import { volumeStorageOrFail } from '../../vm-instance/volume-migration-candidates.js';
import { toInventory } from '../../resource/inventory.js';
import { primaryStorageOrFail } from '../primary-storage.repository.js';
import { LocalStorageHostRefEntity } from './local-storage-host-ref.entity.js';

/** Each host's share of a local storage (of one host when `hostUuid` is given), as its agent last measured it. */
export const GetLocalStorageHostDiskCapacity: SyncApiHandler = {
  api: 'GetLocalStorageHostDiskCapacity',
  answer: async (request, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const primaryStorageUuid = request.pathParams.primaryStorageUuid;
    await primaryStorageOrFail(db.manager, primaryStorageUuid);
    const hostUuid = request.query.hostUuid as string | undefined;
    const refs = await db.getRepository(LocalStorageHostRefEntity).find({ where: hostUuid ? { primaryStorageUuid, hostUuid } : { primaryStorageUuid }, order: { hostUuid: 'ASC' } });
    return { inventories: refs.map((r) => toInventory('HostDiskCapacity', r as unknown as Record<string, unknown>)) };
  },
};

/** Where a volume of local storage can move: the other Connected, Enabled hosts of clusters
 *  attached to its storage whose share has room for it (ZStack answers HostInventory). */
export const LocalStorageGetVolumeMigratableHosts: SyncApiHandler = {
  api: 'LocalStorageGetVolumeMigratableHosts',
  answer: async (request, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const volumeUuid = request.pathParams.volumeUuid;
    const volume = await volumeStorageOrFail(db.manager, volumeUuid);
    if (volume.type !== 'LocalStorage') throw ApiError.operation(`volume ${volumeUuid} is not on local storage; PrimaryStorageMigrateVolume moves it (GetPrimaryStorageCandidatesForVolumeMigration lists where)`);
    const uuids = rowsOf<{ uuid: string }>(
      await db.query(
        `SELECT h."uuid" FROM "host" h
         JOIN "local_storage_host_ref" l ON l."hostUuid" = h."uuid" AND l."primaryStorageUuid" = $1 AND l."availableCapacity" >= $2
         JOIN "primary_storage_cluster_ref" c ON c."clusterUuid" = h."clusterUuid" AND c."primaryStorageUuid" = $1
         WHERE h."status" = 'Connected' AND h."state" = 'Enabled' AND h."uuid" IS DISTINCT FROM $3`,
        [volume.primaryStorageUuid, volume.size, volume.hostUuid],
      ),
    ).map((r) => r.uuid);
    const hosts = await db.getRepository(HostEntity).find({ where: { uuid: In(uuids) }, order: { name: 'ASC', uuid: 'ASC' } });
    return { inventories: hosts.map(hostInventory) };
  },
};
