import { Column, Entity, PrimaryColumn } from 'typeorm';
import { sealedColumn } from '../../secrets/sealed-column.js';

/** The ImageStore side of a backup storage: how to reach its host over SSH and its agent over
 *  HTTP. The query graph's ImageStoreBackupStorage is a view of the base row plus hostname,
 *  username and sshPort; the password and the agent secret never leave this table. */
@Entity('image_store_backup_storage_host')
export class ImageStoreHostEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 255 })
  hostname: string;

  @Column({ type: 'varchar', length: 255 })
  username: string;

  /** Sealed at rest, as kvm_host.password (docs/security.md). */
  @Column({ type: 'varchar', length: 2048, transformer: sealedColumn })
  password: string;

  @Column({ type: 'int' })
  sshPort: number;

  @Column({ type: 'int' })
  agentPort: number;

  @Column({ type: 'varchar', length: 256, transformer: sealedColumn })
  agentSecret: string;

  /** Where the agent lives on the host, known once deployed. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  agentDir: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  agentVersion: string | null;
}
