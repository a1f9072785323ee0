import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Primary storage's capacity model, on the storage and on each host of a local storage. */
const CAPACITY_COLUMNS = ['totalCapacity', 'availableCapacity', 'totalPhysicalCapacity', 'availablePhysicalCapacity', 'systemUsedCapacity']
  .map((column) => `"${column}" bigint NOT NULL DEFAULT 0,`)
  .join(' ');

/** iSCSI servers with the targets and LUNs their discovery found, and their clusters, and
 *  primary storage (all types share one table: `type` says which plug-in owns the row),
 *  its attachment to clusters, local storage's per-host capacity, and the (for now empty)
 *  local storage resource refs that volumes will fill, so QueryLocalStorageResourceRef answers
 *  (its `uuid` is the row's own, as the query language orders every resource by uuid). */
export class PrimaryStorageAndIscsi1764000600000 implements MigrationInterface {
  name = 'PrimaryStorageAndIscsi1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "primary_storage" (
        "uuid" varchar(32) PRIMARY KEY,
        "zoneUuid" varchar(32) NOT NULL REFERENCES "zone"("uuid"),
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "url" varchar(2048) NOT NULL,
        "type" varchar(64) NOT NULL,
        "state" varchar(32) NOT NULL,
        "status" varchar(32) NOT NULL,
        "mountPath" varchar(2048),
        ${CAPACITY_COLUMNS}
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "primary_storage_zone_idx" ON "primary_storage" ("zoneUuid");
      CREATE INDEX "primary_storage_name_idx" ON "primary_storage" ("name");
      CREATE TABLE "primary_storage_cluster_ref" (
        "primaryStorageUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "clusterUuid" varchar(32) NOT NULL REFERENCES "cluster"("uuid") ON DELETE CASCADE,
        "createDate" timestamptz NOT NULL,
        PRIMARY KEY ("primaryStorageUuid", "clusterUuid")
      );
      CREATE INDEX "primary_storage_cluster_ref_cluster_idx" ON "primary_storage_cluster_ref" ("clusterUuid");
      CREATE TABLE "local_storage_host_ref" (
        "primaryStorageUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "hostUuid" varchar(32) NOT NULL REFERENCES "host"("uuid") ON DELETE CASCADE,
        ${CAPACITY_COLUMNS}
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        PRIMARY KEY ("primaryStorageUuid", "hostUuid")
      );
      CREATE INDEX "local_storage_host_ref_host_idx" ON "local_storage_host_ref" ("hostUuid");
      CREATE TABLE "local_storage_resource_ref" (
        "uuid" varchar(32) PRIMARY KEY,
        "resourceUuid" varchar(32) NOT NULL,
        "primaryStorageUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "hostUuid" varchar(32) NOT NULL REFERENCES "host"("uuid") ON DELETE CASCADE,
        "size" bigint NOT NULL DEFAULT 0,
        "resourceType" varchar(64) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX "local_storage_resource_ref_resource_idx" ON "local_storage_resource_ref" ("resourceUuid", "primaryStorageUuid");
      CREATE INDEX "local_storage_resource_ref_host_idx" ON "local_storage_resource_ref" ("hostUuid");
      CREATE TABLE "iscsi_server" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "ip" varchar(2048) NOT NULL,
        "port" int NOT NULL,
        "chapUserName" varchar(2048),
        "chapUserPassword" varchar(2048),
        "state" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX "iscsi_server_portal_idx" ON "iscsi_server" ("ip", "port");
      CREATE TABLE "iscsi_server_cluster_ref" (
        "iscsiServerUuid" varchar(32) NOT NULL REFERENCES "iscsi_server"("uuid") ON DELETE CASCADE,
        "clusterUuid" varchar(32) NOT NULL REFERENCES "cluster"("uuid") ON DELETE CASCADE,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        PRIMARY KEY ("iscsiServerUuid", "clusterUuid")
      );
      CREATE INDEX "iscsi_server_cluster_ref_cluster_idx" ON "iscsi_server_cluster_ref" ("clusterUuid");
      CREATE TABLE "iscsi_target" (
        "uuid" varchar(32) PRIMARY KEY,
        "iscsiServerUuid" varchar(32) NOT NULL REFERENCES "iscsi_server"("uuid") ON DELETE CASCADE,
        "iqn" varchar(255) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX "iscsi_target_iqn_idx" ON "iscsi_target" ("iscsiServerUuid", "iqn");
      CREATE TABLE "iscsi_lun" (
        "uuid" varchar(32) PRIMARY KEY,
        "iscsiTargetUuid" varchar(32) NOT NULL REFERENCES "iscsi_target"("uuid") ON DELETE CASCADE,
        "lunId" int NOT NULL,
        "wwid" varchar(255),
        "vendor" varchar(255),
        "model" varchar(255),
        "wwn" varchar(255),
        "serial" varchar(255),
        "hctl" varchar(64),
        "type" varchar(64),
        "path" varchar(1024),
        "size" bigint,
        "vanishedDate" timestamptz,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX "iscsi_lun_target_lun_idx" ON "iscsi_lun" ("iscsiTargetUuid", "lunId");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "iscsi_lun"; DROP TABLE "iscsi_target"; DROP TABLE "iscsi_server_cluster_ref"; DROP TABLE "iscsi_server";`);
    await q.query(`DROP TABLE "local_storage_resource_ref"; DROP TABLE "local_storage_host_ref"; DROP TABLE "primary_storage_cluster_ref"; DROP TABLE "primary_storage";`);
  }
}
