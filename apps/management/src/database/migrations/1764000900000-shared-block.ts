import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared Block primary storage (ZStack's SharedBlockGroupPrimaryStorage): its LUNs
 *  (SharedBlockVO, one disk in at most one group), each host's connection to the group
 *  (SharedBlockGroupPrimaryStorageHostRefVO, with the host id the group's lock space knows
 *  it by), and the view the query graph reads as SharedBlockGroupPrimaryStorage. */
export class SharedBlock1764000900000 implements MigrationInterface {
  name = 'SharedBlock1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "shared_block" (
        "uuid" varchar(32) PRIMARY KEY,
        "sharedBlockGroupUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "diskUuid" varchar(255) NOT NULL UNIQUE,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "type" varchar(64) NOT NULL,
        "state" varchar(32) NOT NULL,
        "status" varchar(32) NOT NULL,
        "size" bigint NOT NULL DEFAULT 0,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "shared_block_group" ON "shared_block" ("sharedBlockGroupUuid");
      CREATE TABLE "shared_block_group_primary_storage_host_ref" (
        "primaryStorageUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "hostUuid" varchar(32) NOT NULL REFERENCES "host"("uuid") ON DELETE CASCADE,
        "hostId" int NOT NULL,
        "status" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        PRIMARY KEY ("primaryStorageUuid", "hostUuid"),
        UNIQUE ("primaryStorageUuid", "hostId")
      );
      CREATE INDEX "shared_block_group_primary_storage_host_ref_host" ON "shared_block_group_primary_storage_host_ref" ("hostUuid");
      CREATE VIEW "shared_block_group_primary_storage" AS
        SELECT p.*, 'LvmVolumeGroupBasic'::varchar(64) AS "sharedBlockGroupType"
        FROM "primary_storage" p WHERE p."type" = 'SharedBlock';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "shared_block_group_primary_storage"; DROP TABLE "shared_block_group_primary_storage_host_ref"; DROP TABLE "shared_block";`);
  }
}
