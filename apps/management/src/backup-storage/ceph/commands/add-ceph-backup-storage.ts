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
import { TagService } from '../../../tag/tag.service.js';
import { BackupStorageEntity } from '../../backup-storage.entity.js';
import { BACKUP_STORAGE_RESOURCE_TYPE } from '../../backup-storage.repository.js';
import { CEPH_BACKUP_STORAGE_TYPE, cephBackupStorageInventory } from '../ceph-backup-storage-backend.js';
import { CephBackupStorageDetailEntity } from '../ceph-backup-storage.entity.js';

export class AddCephBackupStorageCommand extends apiCommand('AddCephBackupStorage') {
  // Each mon host gets the agent over SSH: outside a transaction, with progress.
  static readonly transactional = false;
}

/** The pool ZStack makes for a backup storage when the operator names none. */
const DEFAULT_POOL = (uuid: string) => `bak-t-${uuid}`;
const POOL_PG_NUM = 32;

/** Adds a Ceph backup storage: every mon must answer for one cluster, which must not be a
 *  backup storage already (its fsid); a pool named must exist, else one is created; then the
 *  storage is recorded Connected with `ceph df`'s capacity. On any failure nothing is
 *  recorded, the pool it created and the agents it deployed go. */
@CommandHandler(AddCephBackupStorageCommand)
export class AddCephBackupStorageHandler implements ICommandHandler<AddCephBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly tags: TagService,
  ) {}

  async execute({ job, params }: AddCephBackupStorageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    if (await this.db.getRepository(CephBackupStorageDetailEntity).existsBy({ uuid })) return { inventory: await cephBackupStorageInventory(this.db.manager, uuid) };
    const urls = parseMonUrls(params.monUrls);
    const { mons, fsid } = await this.mons.prepare({ backupStorageUuid: uuid }, urls, null, job.progress);
    const agent = this.mons.agentOf(mons[0]);
    const cluster = this.mons.cluster;
    const poolName = params.poolName ?? DEFAULT_POOL(uuid);
    let created = false;
    try {
      const twin = await this.db.getRepository(CephBackupStorageDetailEntity).findOneBy({ fsid });
      if (twin) throw ApiError.operation(`Ceph cluster ${fsid} is backup storage ${twin.uuid} already`);
      await job.progress('check pool', 80);
      const { pools } = await agent.call<CephPoolsReply>(CephAgentPath.pools, { cluster }, 60_000);
      if (!pools.some((p) => p.name === poolName)) {
        if (params.poolName) throw ApiError.operation(`pool ${poolName} does not exist in Ceph cluster ${fsid}: create it, or leave poolName out for ZStack to create one`);
        await agent.call<CephPoolCreateReply>(CephAgentPath.poolCreate, { cluster, poolName, pgNum: POOL_PG_NUM }, 120_000);
        created = true;
      }
      await job.progress('read capacity', 90);
      const { capacity } = await agent.call<CephCapacityReply>(CephAgentPath.capacity, { cluster }, 60_000);
      const pool = capacity.pools.find((p) => p.name === poolName);
      const now = new Date();
      await this.db.transaction(async (tx) => {
        await tx.getRepository(BackupStorageEntity).insert({
          uuid,
          name: params.name,
          description: params.description ?? null,
          url: params.url?.trim() || 'ceph',
          type: CEPH_BACKUP_STORAGE_TYPE,
          state: 'Enabled',
          status: 'Connected',
          totalCapacity: String(capacity.totalBytes),
          availableCapacity: String(capacity.availableBytes),
          createDate: now,
          lastOpDate: now,
        });
        await tx.getRepository(CephBackupStorageDetailEntity).insert({ uuid, fsid, poolName, poolUsedCapacity: String(pool?.storedBytes ?? 0), poolAvailableCapacity: String(pool?.availableBytes ?? 0), poolReplicatedSize: 0 });
        await tx.getRepository(CephMonEntity).insert(mons);
        await this.tags.attach(tx, uuid, BACKUP_STORAGE_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
      });
    } catch (err) {
      if (created) await agent.call(CephAgentPath.poolDelete, { cluster, poolName }, 120_000).catch(() => undefined);
      await this.mons.release(mons, []);
      throw err;
    }
    return { inventory: await cephBackupStorageInventory(this.db.manager, uuid) };
  }
}
