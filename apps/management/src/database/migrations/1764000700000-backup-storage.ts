import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Backup storage (ZStack's BackupStorageVO), its zone attachments, and the ImageStore type:
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
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "image_store_backup_storage"; DROP TABLE "image_store_backup_storage_host"; DROP TABLE "backup_storage_zone_ref"; DROP TABLE "backup_storage";`);
  }
}
