import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ceph primary and backup storage: their mons (one table, ZStack's CephPrimaryStorageMonVO
 *  and CephBackupStorageMonVO as views without the password and agent secret), what each
 *  storage adds to its family's row (fsid, pools), the primary storage's pools, and the
 *  views the query graph reads as CephPrimaryStorage and CephBackupStorage. A cluster (fsid)
 *  is one primary storage at most and one backup storage at most. */
export class Ceph1764001000000 implements MigrationInterface {
  name = 'Ceph1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ceph_mon" (
        "uuid" varchar(32) PRIMARY KEY,
        "primaryStorageUuid" varchar(32) REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "backupStorageUuid" varchar(32) REFERENCES "backup_storage"("uuid") ON DELETE CASCADE,
        "hostname" varchar(255) NOT NULL,
        "monPort" int NOT NULL,
        "monAddr" varchar(255) NOT NULL,
        "status" varchar(32) NOT NULL,
        "username" varchar(255) NOT NULL,
        "password" varchar(2048) NOT NULL,
        "sshPort" int NOT NULL,
        "agentPort" int NOT NULL,
        "agentSecret" varchar(256) NOT NULL,
        "agentDir" varchar(1024),
        "agentVersion" varchar(128),
        "agentUuid" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        CHECK (("primaryStorageUuid" IS NULL) <> ("backupStorageUuid" IS NULL)),
        UNIQUE ("primaryStorageUuid", "hostname"),
        UNIQUE ("backupStorageUuid", "hostname")
      );
      CREATE INDEX "ceph_mon_primary" ON "ceph_mon" ("primaryStorageUuid");
      CREATE INDEX "ceph_mon_backup" ON "ceph_mon" ("backupStorageUuid");
      CREATE INDEX "ceph_mon_host" ON "ceph_mon" ("hostname");
      CREATE TABLE "ceph_primary_storage_detail" (
        "uuid" varchar(32) PRIMARY KEY REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "fsid" varchar(64) NOT NULL UNIQUE,
        "rootVolumePoolName" varchar(255) NOT NULL,
        "dataVolumePoolName" varchar(255) NOT NULL,
        "imageCachePoolName" varchar(255) NOT NULL
      );
      CREATE TABLE "ceph_backup_storage_detail" (
        "uuid" varchar(32) PRIMARY KEY REFERENCES "backup_storage"("uuid") ON DELETE CASCADE,
        "fsid" varchar(64) NOT NULL UNIQUE,
        "poolName" varchar(255) NOT NULL,
        "poolUsedCapacity" bigint NOT NULL DEFAULT 0,
        "poolAvailableCapacity" bigint NOT NULL DEFAULT 0,
        "poolReplicatedSize" int NOT NULL DEFAULT 0
      );
      CREATE TABLE "ceph_primary_storage_pool" (
        "uuid" varchar(32) PRIMARY KEY,
        "primaryStorageUuid" varchar(32) NOT NULL REFERENCES "primary_storage"("uuid") ON DELETE CASCADE,
        "poolName" varchar(255) NOT NULL,
        "aliasName" varchar(255),
        "description" varchar(2048),
        "type" varchar(32) NOT NULL,
        "availableCapacity" bigint NOT NULL DEFAULT 0,
        "usedCapacity" bigint NOT NULL DEFAULT 0,
        "replicatedSize" int NOT NULL DEFAULT 0,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        UNIQUE ("primaryStorageUuid", "poolName")
      );
      CREATE VIEW "ceph_primary_storage" AS
        SELECT p.*, d."fsid", d."rootVolumePoolName", d."dataVolumePoolName", d."imageCachePoolName"
        FROM "primary_storage" p JOIN "ceph_primary_storage_detail" d ON d."uuid" = p."uuid";
      CREATE VIEW "ceph_backup_storage" AS
        SELECT b.*, d."fsid", d."poolName", d."poolUsedCapacity", d."poolAvailableCapacity", d."poolReplicatedSize"
        FROM "backup_storage" b JOIN "ceph_backup_storage_detail" d ON d."uuid" = b."uuid";
      CREATE VIEW "ceph_primary_storage_mon" AS
        SELECT "uuid", "uuid" AS "monUuid", "primaryStorageUuid", "hostname", "monPort", "monAddr", "username" AS "sshUsername", "sshPort", "status", "createDate", "lastOpDate"
        FROM "ceph_mon" WHERE "primaryStorageUuid" IS NOT NULL;
      CREATE VIEW "ceph_backup_storage_mon" AS
        SELECT "uuid", "uuid" AS "monUuid", "backupStorageUuid", "hostname", "monPort", "monAddr", "username" AS "sshUsername", "sshPort", "status", "createDate", "lastOpDate"
        FROM "ceph_mon" WHERE "backupStorageUuid" IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "ceph_backup_storage_mon"; DROP VIEW "ceph_primary_storage_mon"; DROP VIEW "ceph_backup_storage"; DROP VIEW "ceph_primary_storage";
      DROP TABLE "ceph_primary_storage_pool"; DROP TABLE "ceph_backup_storage_detail"; DROP TABLE "ceph_primary_storage_detail"; DROP TABLE "ceph_mon";`);
  }
}
