import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('session')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  accountUuid: string;

  @Column({ type: 'varchar', length: 32 })
  userUuid: string;

  @Column({ type: 'timestamptz' })
  expiredDate: Date;

  @Column({ type: 'timestamptz' })
  createDate: Date;
}
