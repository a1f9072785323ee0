import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The VM slice: instance offerings, VMs and their volumes (ZStack's InstanceOfferingVO,
 *  VmInstanceVO and VolumeVO, the columns their inventories show). A volume's row outlives
 *  its VM's destroy (the root volume goes with ExpungeVmInstance). */
export class VmInstances1764001100000 implements MigrationInterface {
  name = 'VmInstances1764001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "instance_offering" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "cpuNum" int NOT NULL,
        "cpuSpeed" int NOT NULL DEFAULT 0,
        "memorySize" bigint NOT NULL,
        "type" varchar(32) NOT NULL,
        "allocatorStrategy" varchar(64),
        "sortKey" int NOT NULL DEFAULT 0,
        "state" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE TABLE "vm_instance" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "zoneUuid" varchar(32) REFERENCES "zone"("uuid") ON DELETE SET NULL,
        "clusterUuid" varchar(32) REFERENCES "cluster"("uuid") ON DELETE SET NULL,
        "imageUuid" varchar(32),
        "hostUuid" varchar(32) REFERENCES "host"("uuid") ON DELETE SET NULL,
        "lastHostUuid" varchar(32) REFERENCES "host"("uuid") ON DELETE SET NULL,
        "instanceOfferingUuid" varchar(32) REFERENCES "instance_offering"("uuid") ON DELETE SET NULL,
        "rootVolumeUuid" varchar(32),
        "platform" varchar(32),
        "defaultL3NetworkUuid" varchar(32),
        "type" varchar(32) NOT NULL,
        "hypervisorType" varchar(32) NOT NULL,
        "memorySize" bigint NOT NULL,
        "cpuNum" int NOT NULL,
        "cpuSpeed" bigint NOT NULL DEFAULT 0,
        "allocatorStrategy" varchar(64),
        "state" varchar(32) NOT NULL,
        "architecture" varchar(32),
        "guestOsType" varchar(255),
        "usbRedirect" boolean NOT NULL DEFAULT false,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "vm_instance_host" ON "vm_instance" ("hostUuid");
      CREATE INDEX "vm_instance_last_host" ON "vm_instance" ("lastHostUuid");
      CREATE TABLE "volume" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "primaryStorageUuid" varchar(32) REFERENCES "primary_storage"("uuid") ON DELETE SET NULL,
        "vmInstanceUuid" varchar(32) REFERENCES "vm_instance"("uuid") ON DELETE SET NULL,
        "diskOfferingUuid" varchar(32),
        "rootImageUuid" varchar(32),
        "installPath" varchar(2048),
        "type" varchar(32) NOT NULL,
        "format" varchar(32) NOT NULL,
        "size" bigint NOT NULL,
        "actualSize" bigint,
        "deviceId" int,
        "state" varchar(32) NOT NULL,
        "status" varchar(32) NOT NULL,
        "isShareable" boolean NOT NULL DEFAULT false,
        "hostUuid" varchar(32) REFERENCES "host"("uuid") ON DELETE SET NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "volume_vm" ON "volume" ("vmInstanceUuid");
      CREATE INDEX "volume_primary_storage" ON "volume" ("primaryStorageUuid");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "volume"; DROP TABLE "vm_instance"; DROP TABLE "instance_offering";`);
  }
}
