import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

/** An image (ZStack's ImageVO), recorded once its content is on a backup storage. */
@Entity('image')
export class ImageEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'bigint' })
  actualSize: string;

  @Column({ type: 'varchar', length: 255 })
  md5Sum: string;

  /** Not in ZStack's inventory; the content-addressed stores name the content by it. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 64 })
  mediaType: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  guestOsType: string | null;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  platform: string | null;

  @Column({ type: 'varchar', length: 32 })
  format: string;

  @Column({ type: 'boolean' })
  system: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  architecture: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  exportUrl: string | null;
}

/** Where an image is (ZStack's ImageBackupStorageRefVO). */
@Entity('image_backup_storage_ref')
export class ImageBackupStorageRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  imageUuid: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  backupStorageUuid: string;

  @Column({ type: 'varchar', length: 2048 })
  installPath: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
