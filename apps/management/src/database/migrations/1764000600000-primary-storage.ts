import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Primary storage (all types share one table: `type` says which plug-in owns the row),
 *  its attachment to clusters, local storage's per-host capacity, and the (for now empty)
 *  local storage resource refs that volumes will fill, so QueryLocalStorageResourceRef answers. */
export class PrimaryStorage1764000600000 implements MigrationInterface {
  name = 'PrimaryStorage1764000600000';

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
        "totalCapacity" bigint NOT NULL DEFAULT 0,
        "availableCapacity" bigint NOT NULL DEFAULT 0,
        "totalPhysicalCapacity" bigint NOT NULL DEFAULT 0,
        "availablePhysicalCapacity" bigint NOT NULL DEFAULT 0,
        "systemUsedCapacity" bigint NOT NULL DEFAULT 0,
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
        "totalCapacity" bigint NOT NULL DEFAULT 0,
        "availableCapacity" bigint NOT NULL DEFAULT 0,
        "totalPhysicalCapacity" bigint NOT NULL DEFAULT 0,
        "availablePhysicalCapacity" bigint NOT NULL DEFAULT 0,
        "systemUsedCapacity" bigint NOT NULL DEFAULT 0,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        PRIMARY KEY ("primaryStorageUuid", "hostUuid")
      );
      CREATE INDEX "local_storage_host_ref_host_idx" ON "local_storage_host_ref" ("hostUuid");
      CREATE TABLE "local_storage_resource_ref" (
        "resourceUuid" varchar(32) NOT NULL,
        "primaryStorageUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "hostUuid" varchar(32) NOT NULL REFERENCES "host"("uuid") ON DELETE CASCADE,
        "size" bigint NOT NULL DEFAULT 0,
        "resourceType" varchar(64) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        PRIMARY KEY ("resourceUuid", "primaryStorageUuid")
      );
      CREATE INDEX "local_storage_resource_ref_host_idx" ON "local_storage_resource_ref" ("hostUuid");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "local_storage_resource_ref"; DROP TABLE "local_storage_host_ref"; DROP TABLE "primary_storage_cluster_ref"; DROP TABLE "primary_storage";`);
  }
}
