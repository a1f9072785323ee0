import { Column, Entity, PrimaryColumn } from 'typeorm';
import { sealedColumn } from '../../secrets/sealed-column.js';

/** The KVM side of a host: how to reach it over SSH and its agent over HTTP. Never part
 *  of an inventory or of the query graph: the password and the agent secret stay here. */
@Entity('kvm_host')
export class KvmHostEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 255 })
  username: string;

  /** Sealed at rest under the node's secret key (docs/security.md); plain in memory. A
   *  password of 255 characters (the contract's bound) seals to at most ~1,100. */
  @Column({ type: 'varchar', length: 2048, transformer: sealedColumn })
  password: string;

  @Column({ type: 'int' })
  sshPort: number;

  @Column({ type: 'int' })
  agentPort: number;

  /** Sealed at rest like the password: it authenticates this node to the host's agent. */
  @Column({ type: 'varchar', length: 256, transformer: sealedColumn })
  agentSecret: string;

  /** Where the agent lives on the host (`$HOME/.zstack/agent`), known once deployed. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  agentDir: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  agentVersion: string | null;

  /** Why the last connection attempt failed, for the operator's eyes in the logs and job. */
  @Column({ type: 'text', nullable: true })
  lastConnectError: string | null;
}
