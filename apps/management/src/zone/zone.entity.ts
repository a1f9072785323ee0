import { Column, Entity } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

@Entity('zone')
export class ZoneEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;
}
