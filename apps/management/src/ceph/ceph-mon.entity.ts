import { Column, Entity, Index } from 'typeorm';
import { AgentHostColumns } from '../agent/agent-host-columns.js';

/** A mon of a Ceph primary or backup storage (ZStack's CephPrimaryStorageMonVO and
 *  CephBackupStorageMonVO, one table here): the host reached over SSH, the node's agent on it,
 *  and the mon's address. The query graph reads CephPrimaryStorageMon and CephBackupStorageMon
 *  as views of it without the password and the agent secret. */
@Entity('ceph_mon')
export class CephMonEntity extends AgentHostColumns {
  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  primaryStorageUuid: string | null;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  backupStorageUuid: string | null;

  @Column({ type: 'varchar', length: 255 })
  hostname: string;

  @Column({ type: 'int' })
  monPort: number;

  /** host:port the cluster knows the mon by. */
  @Column({ type: 'varchar', length: 255 })
  monAddr: string;

  /** Connected while the mon's agent answers for the cluster, Disconnected otherwise. */
  @Column({ type: 'varchar', length: 32 })
  status: string;

  /** The uuid the agent on the host answers as: one agent serves every mon row of its host
   *  (a cluster used for primary and backup storage has its mons in both). */
  @Column({ type: 'varchar', length: 32 })
  agentUuid: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}

/** Whose mon: a primary or a backup storage. */
export type MonOwner = { primaryStorageUuid: string; backupStorageUuid?: null } | { backupStorageUuid: string; primaryStorageUuid?: null };
