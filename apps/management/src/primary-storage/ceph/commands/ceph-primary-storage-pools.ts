// The pool APIs of a Ceph primary storage.
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CephAgentPath, type CephCapacityReply, type CephPoolCreateReply, type CephPoolsReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { CephMons } from '../../../ceph/ceph-mons.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { CephPrimaryStorageBackend } from '../ceph-primary-storage-backend.js';
import { poolInventory } from '../ceph-primary-storage-inventory.js';
import { CephPrimaryStorageDetailEntity, CephPrimaryStoragePoolEntity } from '../ceph-primary-storage.entity.js';
import { CEPH_POOL_PG_NUM } from './add-ceph-primary-storage.js';

export class AddCephPrimaryStoragePoolCommand extends apiCommand('AddCephPrimaryStoragePool') {
  static readonly transactional = false;
}

/** Adds a pool to the storage: it must exist in the cluster, unless `isCreate` asks for it to be created. */
@CommandHandler(AddCephPrimaryStoragePoolCommand)
export class AddCephPrimaryStoragePoolHandler implements ICommandHandler<AddCephPrimaryStoragePoolCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephPrimaryStorageBackend,
  ) {}

  async execute({ job, params }: AddCephPrimaryStoragePoolCommand): Promise<ApiReply> {
    const primaryStorageUuid = job.request.pathParams.primaryStorageUuid;
    const fsid = await this.backend.fsidOf(primaryStorageUuid);
    const pools = this.db.getRepository(CephPrimaryStoragePoolEntity);
    const known = await pools.findOneBy({ primaryStorageUuid, poolName: params.poolName });
    if (known) return { inventory: poolInventory(known) };
    const owner = { primaryStorageUuid };
    if (params.isCreate) {
      await this.mons.onAnyMon<CephPoolCreateReply>(owner, CephAgentPath.poolCreate, { poolName: params.poolName, pgNum: CEPH_POOL_PG_NUM });
    } else {
      const { pools: existing } = await this.mons.onAnyMon<CephPoolsReply>(owner, CephAgentPath.pools);
      if (!existing.some((p) => p.name === params.poolName)) throw ApiError.operation(`pool ${params.poolName} does not exist in Ceph cluster ${fsid}; add it with isCreate to create it`);
    }
    const { capacity } = await this.mons.onAnyMon<CephCapacityReply>(owner, CephAgentPath.capacity);
    const usage = capacity.pools.find((p) => p.name === params.poolName);
    const now = new Date();
    const pool: CephPrimaryStoragePoolEntity = {
      uuid: params.resourceUuid ?? randomUUID().replace(/-/g, ''),
      primaryStorageUuid,
      poolName: params.poolName,
      aliasName: params.aliasName ?? null,
      description: params.description ?? null,
      type: params.type ?? 'Data',
      availableCapacity: String(usage?.availableBytes ?? 0),
      usedCapacity: String(usage?.storedBytes ?? 0),
      replicatedSize: 0,
      createDate: now,
      lastOpDate: now,
    };
    await pools.insert(pool);
    return { inventory: poolInventory(pool) };
  }
}

export class DeleteCephPrimaryStoragePoolCommand extends apiCommand('DeleteCephPrimaryStoragePool') {
  static readonly transactional = false;
}

/** Deletes the pool from the cluster and the storage; the storage's own root, data and image
 *  cache pools are refused. Deleting a pool that is gone succeeds. */
@CommandHandler(DeleteCephPrimaryStoragePoolCommand)
export class DeleteCephPrimaryStoragePoolHandler implements ICommandHandler<DeleteCephPrimaryStoragePoolCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
  ) {}

  async execute({ job }: DeleteCephPrimaryStoragePoolCommand): Promise<ApiReply> {
    const pools = this.db.getRepository(CephPrimaryStoragePoolEntity);
    const pool = await pools.findOneBy({ uuid: job.request.pathParams.uuid });
    if (!pool) return {};
    const detail = await this.db.getRepository(CephPrimaryStorageDetailEntity).findOneByOrFail({ uuid: pool.primaryStorageUuid });
    if ([detail.rootVolumePoolName, detail.dataVolumePoolName, detail.imageCachePoolName].includes(pool.poolName)) {
      throw ApiError.operation(`pool ${pool.poolName} is the storage's ${pool.type} pool; it goes with the storage`);
    }
    await this.mons.onAnyMon({ primaryStorageUuid: pool.primaryStorageUuid }, CephAgentPath.poolDelete, { poolName: pool.poolName });
    await pools.delete({ uuid: pool.uuid });
    return {};
  }
}

export class UpdateCephPrimaryStoragePoolCommand extends apiCommand('UpdateCephPrimaryStoragePool') {}

@CommandHandler(UpdateCephPrimaryStoragePoolCommand)
export class UpdateCephPrimaryStoragePoolHandler implements ICommandHandler<UpdateCephPrimaryStoragePoolCommand, ApiReply> {
  async execute({ job, params }: UpdateCephPrimaryStoragePoolCommand): Promise<ApiReply> {
    const pools = job.tx.getRepository(CephPrimaryStoragePoolEntity);
    const pool = await pools.findOneBy({ uuid: job.request.pathParams.uuid });
    if (!pool) throw ApiError.notFound(`Ceph primary storage pool ${job.request.pathParams.uuid} does not exist`);
    if (params.aliasName !== undefined) pool.aliasName = params.aliasName;
    if (params.description !== undefined) pool.description = params.description;
    pool.lastOpDate = new Date();
    await pools.save(pool);
    return { inventory: poolInventory(pool) };
  }
}
