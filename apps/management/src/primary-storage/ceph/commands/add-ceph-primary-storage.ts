import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CephAgentPath, type CephCapacityReply, type CephPoolCreateReply, type CephPoolsReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { parseMonUrls } from '../../../ceph/ceph-mon-url.js';
import { CephMonEntity } from '../../../ceph/ceph-mon.entity.js';
import { CephMons } from '../../../ceph/ceph-mons.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { CapacityReservations } from '../../capacity-reservations.js';
import { PrimaryStorageCreator } from '../../primary-storage-creator.js';
import { CEPH_TYPE } from '../ceph-primary-storage-backend.js';
import { cephPrimaryStorageInventory } from '../ceph-primary-storage-inventory.js';
import { CephPrimaryStorageDetailEntity, CephPrimaryStoragePoolEntity } from '../ceph-primary-storage.entity.js';

export class AddCephPrimaryStorageCommand extends apiCommand('AddCephPrimaryStorage') {
  // Each mon host gets the agent over SSH: outside a transaction, with progress.
  static readonly transactional = false;
}

/** Pools ZStack makes for a storage when the operator names none. */
const DEFAULT_POOLS = (uuid: string) => ({ Root: `pri-v-r-${uuid}`, Data: `pri-v-d-${uuid}`, ImageCache: `pri-c-${uuid}` });
export const CEPH_POOL_PG_NUM = 32;

/** Adds a Ceph primary storage: every mon (over SSH, the agent deployed or reused) must answer
 *  for one cluster, which must not be a primary storage already (its fsid); the pools named
 *  must exist, the others are created; then the storage is recorded with `ceph df`'s capacity.
 *  On any failure nothing is recorded, the pools it created and the agents it deployed go. */
@CommandHandler(AddCephPrimaryStorageCommand)
export class AddCephPrimaryStorageHandler implements ICommandHandler<AddCephPrimaryStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly creator: PrimaryStorageCreator,
    private readonly capacity: CapacityReservations,
  ) {}

  async execute({ job, params }: AddCephPrimaryStorageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    // A redelivered command whose first run finished.
    if (await this.db.getRepository(CephPrimaryStorageDetailEntity).existsBy({ uuid })) return { inventory: await cephPrimaryStorageInventory(this.db.manager, uuid) };
    const urls = parseMonUrls(params.monUrls);
    const { mons, fsid } = await this.mons.prepare({ primaryStorageUuid: uuid }, urls, null, job.progress);
    const agent = this.mons.agentOf(mons[0]);
    const cluster = this.mons.cluster;
    const created: string[] = [];
    try {
      const twin = await this.db.getRepository(CephPrimaryStorageDetailEntity).findOneBy({ fsid });
      if (twin) throw ApiError.operation(`Ceph cluster ${fsid} is primary storage ${twin.uuid} already`);
      await job.progress('check pools', 80);
      const existing = (await agent.call<CephPoolsReply>(CephAgentPath.pools, { cluster }, 60_000)).pools.map((p) => p.name);
      const defaults = DEFAULT_POOLS(uuid);
      const names = { Root: params.rootVolumePoolName ?? defaults.Root, Data: params.dataVolumePoolName ?? defaults.Data, ImageCache: params.imageCachePoolName ?? defaults.ImageCache };
      for (const [type, name] of Object.entries(names) as [keyof typeof names, string][]) {
        if (existing.includes(name)) continue;
        if (name !== defaults[type]) throw ApiError.operation(`pool ${name} does not exist in Ceph cluster ${fsid}: create it, or leave ${type === 'Root' ? 'rootVolumePoolName' : type === 'Data' ? 'dataVolumePoolName' : 'imageCachePoolName'} out for ZStack to create one`);
        await agent.call<CephPoolCreateReply>(CephAgentPath.poolCreate, { cluster, poolName: name, pgNum: CEPH_POOL_PG_NUM }, 120_000);
        created.push(name);
      }
      await job.progress('read capacity', 90);
      const { capacity } = await agent.call<CephCapacityReply>(CephAgentPath.capacity, { cluster }, 60_000);
      await this.db.transaction(async (tx) => {
        await this.creator.create({ ...job, tx }, CEPH_TYPE, { ...params, url: params.url ?? '' });
        await tx.getRepository(CephPrimaryStorageDetailEntity).insert({ uuid, fsid, rootVolumePoolName: names.Root, dataVolumePoolName: names.Data, imageCachePoolName: names.ImageCache });
        await tx.getRepository(CephMonEntity).insert(mons);
        const now = new Date();
        await tx.getRepository(CephPrimaryStoragePoolEntity).insert(
          (Object.entries(names) as [string, string][]).map(([type, poolName]) => {
            const usage = capacity.pools.find((p) => p.name === poolName);
            return { uuid: randomUUID().replace(/-/g, ''), primaryStorageUuid: uuid, poolName, aliasName: null, description: null, type, availableCapacity: String(usage?.availableBytes ?? 0), usedCapacity: String(usage?.storedBytes ?? 0), replicatedSize: 0, createDate: now, lastOpDate: now };
          }),
        );
        await this.capacity.refresh(uuid, { totalPhysicalCapacity: capacity.totalBytes, availablePhysicalCapacity: capacity.availableBytes }, tx);
      });
    } catch (err) {
      for (const poolName of created) await agent.call(CephAgentPath.poolDelete, { cluster, poolName }, 120_000).catch(() => undefined);
      await this.mons.release(mons, []);
      throw err;
    }
    return { inventory: await cephPrimaryStorageInventory(this.db.manager, uuid) };
  }
}
