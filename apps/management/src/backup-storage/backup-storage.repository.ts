// The backup storage family's rows, as inventories and under their machines. Plug-ins
// (ImageStore...) read and write the base row through these, never through raw SQL.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';
import { resourceOrFail } from '../resource/common-actions.js';
import { type Inventory, toInventory } from '../resource/inventory.js';
import { BackupStorageBackends } from './backup-storage-backends.js';
import { BackupStorageEntity, BackupStorageZoneRefEntity } from './backup-storage.entity.js';
import { type BackupStorageStatus, BackupStorageStatusMachine } from './backup-storage-state-machines.js';

export const BACKUP_STORAGE_RESOURCE_TYPE = 'BackupStorageVO';

export const backupStorageOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, BackupStorageEntity, uuid, 'backup storage');

export async function attachedZoneUuids(tx: EntityManager, backupStorageUuid: string): Promise<string[]> {
  const refs = await tx.getRepository(BackupStorageZoneRefEntity).find({ where: { backupStorageUuid }, order: { createDate: 'ASC' } });
  return refs.map((r) => r.zoneUuid);
}

/** BackupStorageInventory, or a type's own (`ImageStoreBackupStorageInventory`) with its extra fields. */
export async function backupStorageInventory(tx: EntityManager, bs: BackupStorageEntity, inventoryType = 'BackupStorageInventory', extra: Record<string, unknown> = {}): Promise<Inventory> {
  return toInventory(inventoryType, { ...extra, ...bs, attachedZoneUuids: await attachedZoneUuids(tx, bs.uuid) });
}

/** What other families (images) may read of backup storage. */
@Injectable()
export class BackupStorageRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  find(uuid: string): Promise<BackupStorageEntity | null> {
    return this.db.getRepository(BackupStorageEntity).findOneBy({ uuid });
  }

  /** The backup storage, if it can take images now: Enabled and Connected. */
  async usableOrFail(uuid: string): Promise<BackupStorageEntity> {
    const bs = await this.find(uuid);
    if (!bs) throw ApiError.notFound(`backup storage ${uuid} does not exist`);
    if (bs.state !== 'Enabled') throw ApiError.operation(`backup storage ${bs.name} is ${bs.state}; enable it first`);
    if (bs.status !== 'Connected') throw ApiError.operation(`backup storage ${bs.name} is ${bs.status}; reconnect it first`);
    return bs;
  }
}

/** Brings a backup storage to Connected through its type's backend, recording its capacity;
 *  on failure it is Disconnected and the job fails (SYS.1006, as ZStack's connect errors) saying why. */
@Injectable()
export class BackupStorageConnector {
  private readonly log = logger('backup-storage');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
  ) {}

  async connect(uuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<BackupStorageEntity> {
    const bs = await this.move(uuid, 'connect');
    try {
      const capacity = await this.backends.of(bs.type).connect(uuid, onStep);
      return await this.move(uuid, 'connected', { totalCapacity: String(capacity.totalBytes), availableCapacity: String(capacity.availableBytes) });
    } catch (err) {
      const reason = err instanceof ApiError ? (err.body.details ?? err.body.description) : (err as Error).message;
      await this.move(uuid, 'disconnected').catch(() => undefined); // deleted meanwhile: nothing to record
      this.log.warn({ backupStorageUuid: uuid, reason }, 'backup storage disconnected');
      throw ApiError.operation(`cannot connect backup storage ${bs.name} (${bs.url}): ${reason}`);
    }
  }

  /** Applies a status event under the row's lock; `also` are columns written with it. */
  private async move(uuid: string, event: 'connect' | 'connected' | 'disconnected', also: Partial<BackupStorageEntity> = {}): Promise<BackupStorageEntity> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(BackupStorageEntity);
      const bs = await repo.createQueryBuilder('b').setLock('pessimistic_write').where('b.uuid = :uuid', { uuid }).getOne();
      if (!bs) throw ApiError.notFound(`backup storage ${uuid} does not exist`);
      Object.assign(bs, also, { status: BackupStorageStatusMachine.next(bs.status as BackupStorageStatus, event) });
      return repo.save(bs);
    });
  }
}
