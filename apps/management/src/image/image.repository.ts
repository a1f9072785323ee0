import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { type Inventory, toInventory } from '../resource/inventory.js';
import { ImageBackupStorageRefEntity, ImageEntity } from './image.entity.js';

export const IMAGE_RESOURCE_TYPE = 'ImageVO';

export const imageOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, ImageEntity, uuid, 'image');

/** ImageInventory with its backupStorageRefs. */
export async function imageInventory(tx: EntityManager, image: ImageEntity): Promise<Inventory> {
  const refs = await tx.getRepository(ImageBackupStorageRefEntity).find({ where: { imageUuid: image.uuid }, order: { createDate: 'ASC' } });
  return toInventory('ImageInventory', {
    ...image,
    backupStorageRefs: refs.map((r) => toInventory('ImageBackupStorageRefInventory', r as unknown as Record<string, unknown>)),
  });
}

/** The image's ref on a backup storage, or why there is none. */
export async function refOrFail(tx: EntityManager, imageUuid: string, backupStorageUuid: string): Promise<ImageBackupStorageRefEntity> {
  await imageOrFail(tx, imageUuid);
  const ref = await tx.getRepository(ImageBackupStorageRefEntity).findOneBy({ imageUuid, backupStorageUuid });
  if (!ref) throw ApiError.operation(`image ${imageUuid} is not on backup storage ${backupStorageUuid}`);
  return ref;
}
