// The primary storage family's synchronous answers.
import type { DataSource } from 'typeorm';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { PrimaryStorageBackends } from './primary-storage-backends.js';

/** ZStack's PrimaryStorageConstant allocator strategies: what an operator may name in a
 *  disk offering's allocatorStrategy (this release places no volumes yet). */
export const PRIMARY_STORAGE_ALLOCATOR_STRATEGIES = ['DefaultPrimaryStorageAllocationStrategy', 'LocalPrimaryStorageStrategy'];

export const GetPrimaryStorageAllocatorStrategies: SyncApiHandler = {
  api: 'GetPrimaryStorageAllocatorStrategies',
  answer: () => ({ strategies: PRIMARY_STORAGE_ALLOCATOR_STRATEGIES }),
};

/** The primary storage plug-ins registered (PrimaryStorageBackends). */
export const GetPrimaryStorageTypes: SyncApiHandler = {
  api: 'GetPrimaryStorageTypes',
  answer: (_request, providers) => ({ types: providers.get(PrimaryStorageBackends, { strict: false }).types() }),
};

const list = (value: unknown): string[] | null => (Array.isArray(value) && value.length ? value.map(String) : null);

/** The summed capacity of the storages named, of those in the zones named, or of those
 *  attached to the clusters named (all of them when nothing is named). */
export const GetPrimaryStorageCapacity: SyncApiHandler = {
  api: 'GetPrimaryStorageCapacity',
  answer: async (request, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const [row] = rowsOf<Record<string, string>>(
      await db.query(
        `SELECT COALESCE(SUM("totalCapacity"), 0) AS "totalCapacity", COALESCE(SUM("availableCapacity"), 0) AS "availableCapacity",
                COALESCE(SUM("totalPhysicalCapacity"), 0) AS "totalPhysicalCapacity", COALESCE(SUM("availablePhysicalCapacity"), 0) AS "availablePhysicalCapacity"
           FROM "primary_storage" ps
          WHERE ($1::varchar[] IS NULL OR ps."uuid" = ANY($1))
            AND ($2::varchar[] IS NULL OR ps."zoneUuid" = ANY($2))
            AND ($3::varchar[] IS NULL OR EXISTS (SELECT 1 FROM "primary_storage_cluster_ref" r WHERE r."primaryStorageUuid" = ps."uuid" AND r."clusterUuid" = ANY($3)))`,
        [list(request.query.primaryStorageUuids), list(request.query.zoneUuids), list(request.query.clusterUuids)],
      ),
    );
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  },
};

export const PRIMARY_STORAGE_SYNC_APIS: readonly SyncApiHandler[] = [GetPrimaryStorageAllocatorStrategies, GetPrimaryStorageTypes, GetPrimaryStorageCapacity];
