import { Column, Entity, Index } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

@Entity('cluster')
export class ClusterEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  hypervisorType: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  zoneUuid: string;
}
