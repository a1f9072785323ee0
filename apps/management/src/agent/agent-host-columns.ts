// The columns of every machine the node reaches over SSH and then talks to through a deployed
// agent (KVM hosts, ImageStore hosts, Ceph mons): an entity extends this and adds its own.
// None of them is ever part of an inventory or of the query graph: the password and the agent
// secret stay in these tables, sealed at rest (docs/security.md).
import { Column, PrimaryColumn } from 'typeorm';
import { sealedColumn } from '../secrets/sealed-column.js';

export abstract class AgentHostColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 255 })
  username: string;

  /** Plain in memory. A password of 255 characters (the contract's bound) seals to at most
   *  ~1,100. */
  @Column({ type: 'varchar', length: 2048, transformer: sealedColumn })
  password: string;

  @Column({ type: 'int' })
  sshPort: number;

  @Column({ type: 'int' })
  agentPort: number;

  /** It authenticates this node to the host's agent. */
  @Column({ type: 'varchar', length: 256, transformer: sealedColumn })
  agentSecret: string;

  /** Where the agent lives on the host (`$HOME/.zstack/agent`), known once deployed. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  agentDir: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  agentVersion: string | null;
}
