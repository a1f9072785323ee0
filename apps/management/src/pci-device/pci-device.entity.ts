import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A PCI device found on a host, as PciDeviceInventory shows it. */
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
