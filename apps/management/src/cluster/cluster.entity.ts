import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('cluster')
export class ClusterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  hypervisorType: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  zoneUuid: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
