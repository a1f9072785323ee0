import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The host and PCI device tables, so the query language serves QueryHost and
 *  QueryPciDevice; the families that fill them extend them in later migrations. */
export class HostsAndPciDevices1764000100000 implements MigrationInterface {
  name = 'HostsAndPciDevices1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "host" (
        "uuid" varchar(32) PRIMARY KEY,
        "zoneUuid" varchar(32) NOT NULL REFERENCES "zone"("uuid"),
        "clusterUuid" varchar(32) NOT NULL REFERENCES "cluster"("uuid"),
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "managementIp" varchar(255) NOT NULL,
        "hypervisorType" varchar(32) NOT NULL,
        "state" varchar(32) NOT NULL,
        "status" varchar(32) NOT NULL,
        "totalCpuCapacity" bigint NOT NULL DEFAULT 0,
        "availableCpuCapacity" bigint NOT NULL DEFAULT 0,
        "cpuSockets" int,
        "totalMemoryCapacity" bigint NOT NULL DEFAULT 0,
        "availableMemoryCapacity" bigint NOT NULL DEFAULT 0,
        "cpuNum" int,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "host_cluster_idx" ON "host" ("clusterUuid");
      CREATE INDEX "host_zone_idx" ON "host" ("zoneUuid");
      CREATE INDEX "host_name_idx" ON "host" ("name");
      CREATE UNIQUE INDEX "host_management_ip_idx" ON "host" ("managementIp");
      CREATE TABLE "pci_device" (
        "uuid" varchar(32) PRIMARY KEY,
        "description" varchar(2048),
        "hostUuid" varchar(32) NOT NULL REFERENCES "host"("uuid") ON DELETE CASCADE,
        "vmInstanceUuid" varchar(32),
        "vendorId" varchar(64) NOT NULL,
        "deviceId" varchar(64) NOT NULL,
        "subvendorId" varchar(64),
        "subdeviceId" varchar(64),
        "pciDeviceAddress" varchar(64) NOT NULL,
        "status" varchar(32) NOT NULL,
        "state" varchar(32) NOT NULL,
        "type" varchar(64) NOT NULL,
        "metaData" text,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "pci_device_host_idx" ON "pci_device" ("hostUuid");
      CREATE INDEX "pci_device_vm_idx" ON "pci_device" ("vmInstanceUuid");
      CREATE INDEX "pci_device_vendor_device_idx" ON "pci_device" ("vendorId", "deviceId");
      CREATE TABLE "pci_device_pci_device_offering_ref" (
        "pciDeviceUuid" varchar(32) NOT NULL REFERENCES "pci_device"("uuid") ON DELETE CASCADE,
        "pciDeviceOfferingUuid" varchar(32) NOT NULL,
        PRIMARY KEY ("pciDeviceUuid", "pciDeviceOfferingUuid")
      );
      CREATE INDEX "pci_device_offering_ref_offering_idx" ON "pci_device_pci_device_offering_ref" ("pciDeviceOfferingUuid");
      CREATE INDEX "system_tag_tag_idx" ON "system_tag" ("tag");
      CREATE INDEX "user_tag_tag_idx" ON "user_tag" ("tag");
      CREATE INDEX "zone_create_date_idx" ON "zone" ("createDate");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pci_device_pci_device_offering_ref", "pci_device", "host";
                   DROP INDEX "system_tag_tag_idx", "user_tag_tag_idx", "zone_create_date_idx";`);
  }
}
