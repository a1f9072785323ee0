// ZStack's InstanceOfferingVO, VmInstanceVO and VolumeVO: the columns their inventories show,
// plus what this node needs to run the VM (the USB redirect switch, a volume's host).
import { Column, Entity } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

@Entity('instance_offering')
export class InstanceOfferingEntity extends ResourceColumns {
  @Column({ type: 'int' })
  cpuNum: number;

  @Column({ type: 'int', default: 0 })
  cpuSpeed: number;

  @Column({ type: 'bigint' })
  memorySize: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  allocatorStrategy: string | null;

  @Column({ type: 'int', default: 0 })
  sortKey: number;

  @Column({ type: 'varchar', length: 32 })
  state: string;
}

@Entity('vm_instance')
export class VmInstanceEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 32, nullable: true })
  zoneUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  clusterUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  imageUuid: string | null;

  /** Where it runs: set while it holds the host's CPUs and memory (Starting to Stopping). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  hostUuid: string | null;

  /** Where its domain is defined and its root volume is (local storage): kept when stopped. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  lastHostUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  instanceOfferingUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  rootVolumeUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  platform: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  defaultL3NetworkUuid: string | null;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  hypervisorType: string;

  @Column({ type: 'bigint' })
  memorySize: string;

  @Column({ type: 'int' })
  cpuNum: number;

  @Column({ type: 'bigint', default: 0 })
  cpuSpeed: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  allocatorStrategy: string | null;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  architecture: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  guestOsType: string | null;

  /** SetVmUsbRedirect: spice usbredir channels in the domain's definition. */
  @Column({ type: 'boolean', default: false })
  usbRedirect: boolean;
}

@Entity('volume')
export class VolumeEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 32, nullable: true })
  primaryStorageUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  vmInstanceUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  diskOfferingUuid: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  rootImageUuid: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  installPath: string | null;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  format: string;

  /** Virtual size in bytes: what the primary storage reserves for it. */
  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'bigint', nullable: true })
  actualSize: string | null;

  @Column({ type: 'int', nullable: true })
  deviceId: number | null;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'boolean', default: false })
  isShareable: boolean;

  /** The host whose disk holds it (local storage); null on shared storage. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  hostUuid: string | null;
}
