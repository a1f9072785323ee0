import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a Ceph backup storage adds to its backup_storage row (ZStack's CephBackupStorageVO). */
@Entity('ceph_backup_storage_detail')
export class CephBackupStorageDetailEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  /** The cluster's identity; one backup storage per cluster. */
  @Column({ type: 'varchar', length: 64, unique: true })
  fsid: string;

  /** The pool images are stored in. */
  @Column({ type: 'varchar', length: 255 })
  poolName: string;

  /** The pool's share of `ceph df`: stored and still available bytes. */
  @Column({ type: 'bigint', default: 0 })
  poolUsedCapacity: string;

  @Column({ type: 'bigint', default: 0 })
  poolAvailableCapacity: string;

  @Column({ type: 'int', default: 0 })
  poolReplicatedSize: number;
}
