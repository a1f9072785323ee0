import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A running management node. Its heartbeat tells the others it is alive; the live ones
 *  share the hosts to ping between them. */
@Entity('management_node')
export class ManagementNodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  uuid: string;

  @Column({ type: 'varchar', length: 255 })
  hostName: string;

  @Column({ type: 'timestamptz' })
  joinedAt: Date;

  @Column({ type: 'timestamptz' })
  heartbeatAt: Date;
}
