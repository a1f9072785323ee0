import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Device discovery and offerings: what discovery learns of a PCI device beyond its
 *  inventory, PCI device offerings (and their instance-offering link, empty until instance
 *  offerings exist), and USB devices. */
export class PciAndUsbDevices1764000800000 implements MigrationInterface {
  name = 'PciAndUsbDevices1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "pci_device"
        ADD COLUMN "iommuGroup" int,
        ADD COLUMN "driver" varchar(64),
        ADD COLUMN "virtStatus" varchar(32) NOT NULL DEFAULT 'UNVIRTUALIZABLE',
        ADD COLUMN "parentAddress" varchar(64);
      CREATE INDEX "pci_device_host_address_idx" ON "pci_device" ("hostUuid", "pciDeviceAddress");
      CREATE TABLE "pci_device_offering" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "vendorId" varchar(64) NOT NULL,
        "deviceId" varchar(64) NOT NULL,
        "subvendorId" varchar(64),
        "subdeviceId" varchar(64),
        "type" varchar(64) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "pci_device_offering_vendor_device_idx" ON "pci_device_offering" ("vendorId", "deviceId");
      ALTER TABLE "pci_device_pci_device_offering_ref"
        ADD CONSTRAINT "pci_device_offering_ref_offering_fk" FOREIGN KEY ("pciDeviceOfferingUuid") REFERENCES "pci_device_offering"("uuid") ON DELETE CASCADE;
      CREATE TABLE "pci_device_offering_instance_offering_ref" (
        "id" bigserial PRIMARY KEY,
        "instanceOfferingUuid" varchar(32) NOT NULL,
        "pciDeviceOfferingUuid" varchar(32) NOT NULL REFERENCES "pci_device_offering"("uuid") ON DELETE CASCADE,
        "pciDeviceCount" int NOT NULL,
        "metadata" text
      );
      CREATE INDEX "pci_offering_instance_offering_idx" ON "pci_device_offering_instance_offering_ref" ("pciDeviceOfferingUuid");
      CREATE TABLE "usb_device" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "hostUuid" varchar(32) NOT NULL REFERENCES "host"("uuid") ON DELETE CASCADE,
        "vmInstanceUuid" varchar(32),
        "portPath" varchar(64) NOT NULL,
        "busNum" varchar(16) NOT NULL,
        "devNum" varchar(16) NOT NULL,
        "idVendor" varchar(16) NOT NULL,
        "idProduct" varchar(16) NOT NULL,
        "iManufacturer" varchar(255),
        "iProduct" varchar(255),
        "iSerial" varchar(255),
        "usbVersion" varchar(16),
        "state" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX "usb_device_host_port_idx" ON "usb_device" ("hostUuid", "portPath");
      CREATE INDEX "usb_device_vm_idx" ON "usb_device" ("vmInstanceUuid");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE "usb_device", "pci_device_offering_instance_offering_ref";
      ALTER TABLE "pci_device_pci_device_offering_ref" DROP CONSTRAINT "pci_device_offering_ref_offering_fk";
      DROP TABLE "pci_device_offering";
      DROP INDEX "pci_device_host_address_idx";
      ALTER TABLE "pci_device" DROP COLUMN "iommuGroup", DROP COLUMN "driver", DROP COLUMN "virtStatus", DROP COLUMN "parentAddress";
    `);
  }
}
