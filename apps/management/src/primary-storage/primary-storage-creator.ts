// What every AddXxxPrimaryStorage does alike: check the url through the type's plug-in and
// record an Enabled storage in an existing zone. It is measured when attached to a cluster.
import { Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { JobContext } from '../api/api-command.js';
import { TagService } from '../tag/tag.service.js';
import { ZoneRepository } from '../zone/zone.repository.js';
import { PrimaryStorageBackends } from './primary-storage-backends.js';
import { PrimaryStorageEntity } from './primary-storage.entity.js';
import { PRIMARY_STORAGE_RESOURCE_TYPE, primaryStorageInventory } from './primary-storage.repository.js';
import type { Inventory } from '../resource/inventory.js';

/** The parameters every AddXxxPrimaryStorage has. */
export interface AddPrimaryStorageParams {
  url: string;
  name: string;
  description?: string | null;
  zoneUuid: string;
}

@Injectable()
export class PrimaryStorageCreator {
  constructor(
    private readonly backends: PrimaryStorageBackends,
    private readonly zones: ZoneRepository,
    private readonly tags: TagService,
  ) {}

  async create(job: JobContext, type: string, params: AddPrimaryStorageParams): Promise<Inventory> {
    const uuid = job.resourceUuid!;
    const backend = this.backends.of(type);
    const url = backend.checkUrl(params.url);
    // The zone is share-locked so a DeleteZone at the same time cannot orphan the storage.
    await this.zones.lockedOrFail(job.tx, params.zoneUuid);
    const storages = job.tx.getRepository(PrimaryStorageEntity);
    if (await storages.existsBy({ uuid })) throw ApiError.operation(`a primary storage with uuid ${uuid} already exists`);
    const now = new Date();
    await storages.insert({
      uuid,
      name: params.name,
      description: params.description ?? null,
      zoneUuid: params.zoneUuid,
      url,
      type,
      state: 'Enabled',
      // Connected once a cluster's hosts have measured it; none has yet.
      status: 'Connected',
      mountPath: backend.mountPathOf?.(uuid, url) ?? url,
      totalCapacity: '0',
      availableCapacity: '0',
      totalPhysicalCapacity: '0',
      availablePhysicalCapacity: '0',
      systemUsedCapacity: '0',
      createDate: now,
      lastOpDate: now,
    });
    await this.tags.attach(job.tx, uuid, PRIMARY_STORAGE_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    return primaryStorageInventory(job.tx, uuid);
  }
}

/** An absolute, normalised directory path (not `/`): what local storage and a shared mount point take as url. */
export function checkDirectoryUrl(url: string, what: string): string {
  const path = url.trim().replace(/\/+$/, '');
  if (path === '' && url.trim().startsWith('/')) throw ApiError.invalidArgument(`url "${url}" of ${what} cannot be the root directory`);
  if (!path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '.') || /[\0\n]/.test(path)) {
    throw ApiError.invalidArgument(`url "${url}" of ${what} must be an absolute directory path without "." or ".." parts`);
  }
  return path;
}
