import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

abstract class TagColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  resourceUuid: string;

  /** ZStack's resource type name, e.g. ZoneVO. */
  @Column({ type: 'varchar', length: 64 })
  resourceType: string;

  @Column({ type: 'varchar', length: 2048 })
  tag: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}

@Entity('system_tag')
export class SystemTagEntity extends TagColumns {
  @Column({ type: 'boolean', default: false })
  inherent: boolean;
}

@Entity('user_tag')
export class UserTagEntity extends TagColumns {}
