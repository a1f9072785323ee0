import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a Ceph primary storage adds to its primary_storage row (ZStack's CephPrimaryStorageVO). */
@Entity('ceph_primary_storage_detail')
export class CephPrimaryStorageDetailEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  /** The cluster's identity; one primary storage per cluster. */
  @Column({ type: 'varchar', length: 64, unique: true })
  fsid: string;

  @Column({ type: 'varchar', length: 255 })
  rootVolumePoolName: string;

  @Column({ type: 'varchar', length: 255 })
  dataVolumePoolName: string;

  @Column({ type: 'varchar', length: 255 })
  imageCachePoolName: string;
}

/** A pool of a Ceph primary storage (ZStack's CephPrimaryStoragePoolVO). */
@Entity('ceph_primary_storage_pool')
export class CephPrimaryStoragePoolEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  primaryStorageUuid: string;

  @Column({ type: 'varchar', length: 255 })
  poolName: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  aliasName: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  description: string | null;

  /** Root, Data or ImageCache. */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** From `ceph df`: what the pool can still take, and what it stores (bytes). */
  @Column({ type: 'bigint', default: 0 })
  availableCapacity: string;

  @Column({ type: 'bigint', default: 0 })
  usedCapacity: string;

  @Column({ type: 'int', default: 0 })
  replicatedSize: number;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
