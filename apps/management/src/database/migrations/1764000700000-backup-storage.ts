import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Backup storage (ZStack's BackupStorageVO), its zone attachments, images and where they are, and the ImageStore type:
 *  its host's SSH access and agent (password and agent secret sealed at rest), and the view
 *  the query graph reads as ImageStoreBackupStorage (base columns plus hostname, username, sshPort). */
export class BackupStorage1764000700000 implements MigrationInterface {
  name = 'BackupStorage1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "backup_storage" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "url" varchar(2048) NOT NULL,
        "type" varchar(32) NOT NULL,
        "state" varchar(32) NOT NULL,
        "status" varchar(32) NOT NULL,
        "totalCapacity" bigint NOT NULL DEFAULT 0,
        "availableCapacity" bigint NOT NULL DEFAULT 0,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE TABLE "backup_storage_zone_ref" (
        "backupStorageUuid" varchar(32) NOT NULL REFERENCES "backup_storage"("uuid") ON DELETE CASCADE,
        "zoneUuid" varchar(32) NOT NULL REFERENCES "zone"("uuid") ON DELETE CASCADE,
        "createDate" timestamptz NOT NULL,
        PRIMARY KEY ("backupStorageUuid", "zoneUuid")
      );
      CREATE INDEX "backup_storage_zone_ref_zone" ON "backup_storage_zone_ref" ("zoneUuid");
      CREATE TABLE "image_store_backup_storage_host" (
        "uuid" varchar(32) PRIMARY KEY REFERENCES "backup_storage"("uuid") ON DELETE CASCADE,
        "hostname" varchar(255) NOT NULL,
        "username" varchar(255) NOT NULL,
        "password" varchar(2048) NOT NULL,
        "sshPort" int NOT NULL,
        "agentPort" int NOT NULL,
        "agentSecret" varchar(256) NOT NULL,
        "agentDir" varchar(1024),
        "agentVersion" varchar(128)
      );
      CREATE VIEW "image_store_backup_storage" AS
        SELECT b.*, h."hostname", h."username", h."sshPort"
        FROM "backup_storage" b JOIN "image_store_backup_storage_host" h ON h."uuid" = b."uuid";
      CREATE TABLE "image" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "state" varchar(32) NOT NULL,
        "status" varchar(32) NOT NULL,
        "size" bigint NOT NULL,
        "actualSize" bigint NOT NULL,
        "md5Sum" varchar(255) NOT NULL,
        "sha256" varchar(64) NOT NULL,
        "url" varchar(2048) NOT NULL,
        "mediaType" varchar(64) NOT NULL,
        "guestOsType" varchar(255),
        "type" varchar(32) NOT NULL,
        "platform" varchar(32),
        "format" varchar(32) NOT NULL,
        "system" boolean NOT NULL,
        "architecture" varchar(32),
        "exportUrl" varchar(2048),
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE TABLE "image_backup_storage_ref" (
        "imageUuid" varchar(32) NOT NULL REFERENCES "image"("uuid") ON DELETE CASCADE,
        "backupStorageUuid" varchar(32) NOT NULL REFERENCES "backup_storage"("uuid") ON DELETE CASCADE,
        "installPath" varchar(2048) NOT NULL,
        "status" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL,
        PRIMARY KEY ("imageUuid", "backupStorageUuid")
      );
      CREATE INDEX "image_backup_storage_ref_bs" ON "image_backup_storage_ref" ("backupStorageUuid");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "image_backup_storage_ref"; DROP TABLE "image"; DROP VIEW "image_store_backup_storage"; DROP TABLE "image_store_backup_storage_host"; DROP TABLE "backup_storage_zone_ref"; DROP TABLE "backup_storage";`);
  }
}
