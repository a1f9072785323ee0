import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CapacityColumns } from '../capacity-columns.js';

/** One host's share of a local storage: the directory on that host, as its agent measured
 *  it (ZStack's LocalStorageHostRefVO). The storage's figures are the sum over its hosts. */
@Entity('local_storage_host_ref')
export class LocalStorageHostRefEntity extends CapacityColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  primaryStorageUuid: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 32 })
  hostUuid: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
