import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';
import { sealedColumn } from '../secrets/sealed-column.js';

/** An iSCSI portal (ZStack's IscsiServerVO). `chapUserPassword` is a secret: sealed in the
 *  table, and the inventory and the query language never show it (isSecretField), nor does
 *  any log or error. */
@Entity('iscsi_server')
export class IscsiServerEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 2048 })
  ip: string;

  @Column({ type: 'int' })
  port: number;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  chapUserName: string | null;

  /** Sealed at rest under the node's secret key (docs/security.md); plain in memory. */
  @Column({ type: 'varchar', length: 2048, nullable: true, transformer: sealedColumn })
  chapUserPassword: string | null;

  @Column({ type: 'varchar', length: 32 })
  state: string;
}

@Entity('iscsi_server_cluster_ref')
export class IscsiServerClusterRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  iscsiServerUuid: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 32 })
  clusterUuid: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}

/** A target the server's discovery listed. */
@Entity('iscsi_target')
export class IscsiTargetEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 32 })
  iscsiServerUuid: string;

  @Column({ type: 'varchar', length: 255 })
  iqn: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}

/** A LUN of a target. `vanishedDate`: set when a refresh no longer found it (the row stays,
 *  as what uses it must be told, not left pointing at nothing); cleared when it is back. */
@Entity('iscsi_lun')
export class IscsiLunEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 32 })
  iscsiTargetUuid: string;

  @Column({ type: 'int' })
  lunId: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  wwid: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  vendor: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  model: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  wwn: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  serial: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  hctl: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  type: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  path: string | null;

  @Column({ type: 'bigint', nullable: true })
  size: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  vanishedDate: Date | null;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
