// Local storage's synchronous answers.
import type { DataSource } from 'typeorm';
import type { SyncApiHandler } from '../../api/sync-api.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
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
