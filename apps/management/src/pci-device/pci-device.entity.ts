import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

/** A PCI device found on a host, as PciDeviceInventory shows it, plus what discovery
 *  learns that the inventory has no field for (IOMMU group, driver, SR-IOV parent): kept
 *  for the passthrough checks (a device's whole IOMMU group goes to one VM). */
@Entity('pci_device')
export class PciDeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  description: string | null;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  hostUuid: string;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  vmInstanceUuid: string | null;

  @Column({ type: 'varchar', length: 64 })
  vendorId: string;

  @Column({ type: 'varchar', length: 64 })
  deviceId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subvendorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subdeviceId: string | null;

  @Column({ type: 'varchar', length: 64 })
  pciDeviceAddress: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'text', nullable: true })
  metaData: string | null;

  /** null when the host's kernel made no IOMMU groups (IOMMU off). */
  @Column({ type: 'int', nullable: true })
  iommuGroup: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  driver: string | null;

  /** ZStack's virtStatus: SRIOV_VIRTUALIZABLE (a physical function), SRIOV_VIRTUAL (one of its
   *  virtual functions) or UNVIRTUALIZABLE. */
  @Column({ type: 'varchar', length: 32 })
  virtStatus: string;

  /** For a virtual function: its physical function's address. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  parentAddress: string | null;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}

/** Which PCI device matches which PCI device offering. */
@Entity('pci_device_pci_device_offering_ref')
export class PciDeviceOfferingRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  pciDeviceUuid: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  pciDeviceOfferingUuid: string;
}

/** A kind of PCI device an operator hands out ("one A100"): matched by vendor and device
 *  id, and by subsystem ids where the offering names them. */
@Entity('pci_device_offering')
export class PciDeviceOfferingEntity extends ResourceColumns {
  @Column({ type: 'varchar', length: 64 })
  vendorId: string;

  @Column({ type: 'varchar', length: 64 })
  deviceId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subvendorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subdeviceId: string | null;

  @Column({ type: 'varchar', length: 64 })
  type: string;
}

/** An instance offering's PCI devices (PciDeviceOfferingInventory.attachedInstanceOfferings).
 *  Filled once instance offerings exist; the table is here so the offering query answers. */
@Entity('pci_device_offering_instance_offering_ref')
export class PciDeviceOfferingInstanceOfferingRefEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  instanceOfferingUuid: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  pciDeviceOfferingUuid: string;

  @Column({ type: 'int' })
  pciDeviceCount: number;

  @Column({ type: 'text', nullable: true })
  metadata: string | null;
}
