import { Column, Entity } from 'typeorm';
import { AgentHostColumns } from '../../agent/agent-host-columns.js';

/** The ImageStore side of a backup storage: how to reach its host over SSH and its agent over
 *  HTTP. The query graph's ImageStoreBackupStorage is a view of the base row plus hostname,
 *  username and sshPort; the password and the agent secret never leave this table. */
@Entity('image_store_backup_storage_host')
export class ImageStoreHostEntity extends AgentHostColumns {
  @Column({ type: 'varchar', length: 255 })
  hostname: string;
}
