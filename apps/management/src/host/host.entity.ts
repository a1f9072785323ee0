import { Column, Entity, Index } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

/** A physical host, as HostInventory shows it. The KVM-specific columns (SSH credentials,
 *  the agent's address and secret) arrive with the KVM host family. */
@Entity('host')
export class HostEntity extends ResourceColumns {
  @Index()
  @Column({ type: 'varchar', length: 32 })
  zoneUuid: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  clusterUuid: string;

  @Column({ type: 'varchar', length: 255 })
  managementIp: string;

  @Column({ type: 'varchar', length: 32 })
  hypervisorType: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'bigint', default: 0 })
  totalCpuCapacity: string;

  @Column({ type: 'bigint', default: 0 })
  availableCpuCapacity: string;

  @Column({ type: 'int', nullable: true })
  cpuSockets: number | null;

  @Column({ type: 'bigint', default: 0 })
  totalMemoryCapacity: string;

  @Column({ type: 'bigint', default: 0 })
  availableMemoryCapacity: string;

  @Column({ type: 'int', nullable: true })
  cpuNum: number | null;
}
