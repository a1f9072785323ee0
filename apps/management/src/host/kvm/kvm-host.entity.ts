import { Column, Entity } from 'typeorm';
import { AgentHostColumns } from '../../agent/agent-host-columns.js';

/** The KVM side of a host: how to reach it over SSH and its agent over HTTP. Never part
 *  of an inventory or of the query graph: the password and the agent secret stay here. */
@Entity('kvm_host')
export class KvmHostEntity extends AgentHostColumns {
  /** Why the last connection attempt failed, for the operator's eyes in the logs and job. */
  @Column({ type: 'text', nullable: true })
  lastConnectError: string | null;
}
