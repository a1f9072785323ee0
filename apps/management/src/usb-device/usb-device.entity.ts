import { Column, Entity, Index } from 'typeorm';
import { ResourceColumns } from '../resource/resource-columns.js';

/** A USB device found on a host, as UsbDeviceInventory shows it. `portPath` (the sysfs name,
 *  `1-1.2`) is what keeps a device's row across rediscovery: the device number changes each
 *  time a device is plugged in, the port it sits in does not. */
@Entity('usb_device')
export class UsbDeviceEntity extends ResourceColumns {
  @Index()
  @Column({ type: 'varchar', length: 32 })
  hostUuid: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  vmInstanceUuid: string | null;

  @Column({ type: 'varchar', length: 64 })
  portPath: string;

  @Column({ type: 'varchar', length: 16 })
  busNum: string;

  @Column({ type: 'varchar', length: 16 })
  devNum: string;

  @Column({ type: 'varchar', length: 16 })
  idVendor: string;

  @Column({ type: 'varchar', length: 16 })
  idProduct: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  iManufacturer: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  iProduct: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  iSerial: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  usbVersion: string | null;

  @Column({ type: 'varchar', length: 32 })
  state: string;
}
