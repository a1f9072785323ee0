// The columns every resource table has (ZStack's ResourceVO plus name and description):
// an entity extends this and declares only its own columns.
import { Column, PrimaryColumn } from 'typeorm';

export abstract class ResourceColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  description: string | null;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
