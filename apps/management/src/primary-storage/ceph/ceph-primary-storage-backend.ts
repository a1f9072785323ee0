// Ceph primary storage: VM disks as RBD images in the cluster's pools. The node reaches the
// cluster through the agents on its mons (ceph/ceph-mons.ts), never through the KVM hosts;
// the storage is Connected while any mon answers for its cluster (fsid), and its capacity is
// the cluster's raw capacity from `ceph df`.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CephAgentPath, type CephCapacityReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { CephMons } from '../../ceph/ceph-mons.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { type HostReading, type PrimaryStorageBackend, PrimaryStorageBackends, type StorageMeasurement } from '../primary-storage-backends.js';
import type { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { CephPrimaryStorageDetailEntity, CephPrimaryStoragePoolEntity } from './ceph-primary-storage.entity.js';

export const CEPH_TYPE = 'Ceph';

@Injectable()
export class CephPrimaryStorageBackend implements PrimaryStorageBackend, OnModuleInit {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: PrimaryStorageBackends,
    private readonly mons: CephMons,
  ) {}

  onModuleInit(): void {
    this.backends.register(CEPH_TYPE, this);
  }

  /** ZStack keeps a Ceph storage's url as given ("ceph" by default); the mons say where it is. */
  checkUrl(url: string): string {
    return url.trim() || 'ceph';
  }

  async fsidOf(uuid: string): Promise<string> {
    const detail = await this.db.getRepository(CephPrimaryStorageDetailEntity).findOneBy({ uuid });
    if (!detail) throw ApiError.operation(`primary storage ${uuid} is not a Ceph storage`);
    return detail.fsid;
  }

  /** Every mon is asked for the cluster; it is enough that one answers. The KVM hosts' own
   *  access to the cluster is theirs to have (their ceph.conf); no VM uses it yet. */
  async connect(storage: PrimaryStorageEntity): Promise<HostReading[]> {
    await this.mons.checkEvery({ primaryStorageUuid: storage.uuid }, await this.fsidOf(storage.uuid));
    return [];
  }

  /** The cluster's raw capacity, and each of the storage's pools' share, from `ceph df`. */
  async measure(tx: EntityManager, storage: PrimaryStorageEntity): Promise<StorageMeasurement> {
    const { capacity } = await this.mons.onAnyMon<CephCapacityReply>({ primaryStorageUuid: storage.uuid }, CephAgentPath.capacity, {}, tx);
    const pools = tx.getRepository(CephPrimaryStoragePoolEntity);
    for (const pool of await pools.findBy({ primaryStorageUuid: storage.uuid })) {
      const usage = capacity.pools.find((p) => p.name === pool.poolName);
      if (usage) await pools.update({ uuid: pool.uuid }, { availableCapacity: String(usage.availableBytes), usedCapacity: String(usage.storedBytes), lastOpDate: new Date() });
    }
    return { totalPhysicalCapacity: capacity.totalBytes, availablePhysicalCapacity: capacity.availableBytes };
  }

  async disconnect(): Promise<void> {}

  /** Its mons' agents go (where no other storage's mon uses them); the cluster and its pools stay. */
  async removed(storage: PrimaryStorageEntity): Promise<void> {
    const mons = await this.mons.ofOwner({ primaryStorageUuid: storage.uuid });
    await this.mons.release(mons, mons.map((m) => m.uuid));
  }
}
