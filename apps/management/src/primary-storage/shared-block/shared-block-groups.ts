import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import { primaryStorageOrFail } from '../primary-storage.repository.js';
import type { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { SHARED_BLOCK_TYPE } from './shared-block-backend.js';

/** The primary storage `uuid`, which must be a Shared Block group. */
export async function sharedBlockGroupOrFail(db: EntityManager, uuid: string): Promise<PrimaryStorageEntity> {
  const storage = await primaryStorageOrFail(db, uuid);
  if (storage.type !== SHARED_BLOCK_TYPE) throw ApiError.operation(`primary storage ${uuid} is of type ${storage.type}, not a shared block group`);
  return storage;
}
