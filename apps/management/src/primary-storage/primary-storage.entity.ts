import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';
import { withCapacityColumns } from './capacity-columns.js';

/** Every primary storage, whatever its type; `type` names the plug-in (PrimaryStorageBackends)
 *  that owns it. Capacities are bytes (bigint columns, read as strings). */
@Entity('primary_storage')
export class PrimaryStorageEntity extends withCapacityColumns(ResourceColumns) {
  @Index()
  @Column({ type: 'varchar', length: 32 })
  zoneUuid: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  mountPath: string | null;
}

/** A primary storage attached to a cluster (ZStack's PrimaryStorageClusterRefVO). */
@Entity('primary_storage_cluster_ref')
export class PrimaryStorageClusterRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  primaryStorageUuid: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  clusterUuid: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;
}
