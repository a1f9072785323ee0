import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

/** A backup storage of any type (ZStack's BackupStorageVO): what BackupStorageInventory shows.
 *  A plug-in keeps what only its type has in a table of its own. */
@Entity('backup_storage')
export class BackupStorageEntity extends ResourceColumns {
  /** Where the images live, in the type's words (an ImageStore's directory on its host). */
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'bigint' })
  totalCapacity: string;

  @Column({ type: 'bigint' })
  availableCapacity: string;
}

/** A backup storage attached to a zone (ZStack's BackupStorageZoneRefVO). */
@Entity('backup_storage_zone_ref')
export class BackupStorageZoneRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  backupStorageUuid: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  zoneUuid: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;
}
