import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, sessions, the job store, the webhook outbox, tags, zones and clusters. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "account" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL UNIQUE,
        "type" varchar(64) NOT NULL,
        "passwordHash" varchar(255) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE TABLE "session" (
        "uuid" varchar(32) PRIMARY KEY,
        "accountUuid" varchar(32) NOT NULL REFERENCES "account"("uuid") ON DELETE CASCADE,
        "userUuid" varchar(32) NOT NULL,
        "expiredDate" timestamptz NOT NULL,
        "createDate" timestamptz NOT NULL
      );
      CREATE INDEX "session_account_idx" ON "session" ("accountUuid", "expiredDate");
      CREATE SEQUENCE "api_job_completion_seq";
      CREATE TABLE "api_job" (
        "uuid" varchar(32) PRIMARY KEY,
        "apiName" varchar(128) NOT NULL,
        "resourceUuid" varchar(32),
        "accountUuid" varchar(32) NOT NULL,
        "request" jsonb NOT NULL,
        "state" varchar(16) NOT NULL,
        "httpStatus" int,
        "result" json,
        "webhookUrl" varchar(2048),
        "progressStep" varchar(255),
        "progressPercent" int,
        "createDate" timestamptz NOT NULL,
        "finishedDate" timestamptz,
        "expiresAt" timestamptz,
        "completionSeq" bigint,
        "finishedBy" varchar(255),
        "republishedDate" timestamptz
      );
      CREATE INDEX "api_job_unfinished_idx" ON "api_job" ("createDate") WHERE "state" = 'Processing';
      CREATE INDEX "api_job_expires_idx" ON "api_job" ("expiresAt");
      CREATE TABLE "webhook_delivery" (
        "id" bigserial PRIMARY KEY,
        "jobUuid" varchar(32) NOT NULL,
        "url" varchar(2048) NOT NULL,
        "body" text NOT NULL,
        "success" boolean NOT NULL,
        "attempts" int NOT NULL DEFAULT 0,
        "nextAttemptAt" timestamptz,
        "createDate" timestamptz NOT NULL,
        "deliveredDate" timestamptz,
        "lastError" text,
        "gaveUp" boolean NOT NULL DEFAULT false
      );
      CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery" ("nextAttemptAt") WHERE "nextAttemptAt" IS NOT NULL;
      CREATE TABLE "zone" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "state" varchar(32) NOT NULL,
        "type" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "zone_name_idx" ON "zone" ("name");
      CREATE TABLE "cluster" (
        "uuid" varchar(32) PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "description" varchar(2048),
        "state" varchar(32) NOT NULL,
        "hypervisorType" varchar(32) NOT NULL,
        "type" varchar(32) NOT NULL,
        "zoneUuid" varchar(32) NOT NULL REFERENCES "zone"("uuid"),
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "cluster_zone_idx" ON "cluster" ("zoneUuid");
      CREATE INDEX "cluster_name_idx" ON "cluster" ("name");
      CREATE TABLE "system_tag" (
        "uuid" varchar(32) PRIMARY KEY,
        "resourceUuid" varchar(32) NOT NULL,
        "resourceType" varchar(64) NOT NULL,
        "tag" varchar(2048) NOT NULL,
        "type" varchar(32) NOT NULL,
        "inherent" boolean NOT NULL DEFAULT false,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "system_tag_resource_idx" ON "system_tag" ("resourceUuid");
      CREATE TABLE "user_tag" (
        "uuid" varchar(32) PRIMARY KEY,
        "resourceUuid" varchar(32) NOT NULL,
        "resourceType" varchar(64) NOT NULL,
        "tag" varchar(2048) NOT NULL,
        "type" varchar(32) NOT NULL,
        "createDate" timestamptz NOT NULL,
        "lastOpDate" timestamptz NOT NULL
      );
      CREATE INDEX "user_tag_resource_idx" ON "user_tag" ("resourceUuid");
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "user_tag", "system_tag", "cluster", "zone", "webhook_delivery", "api_job", "session", "account"; DROP SEQUENCE "api_job_completion_seq";`);
  }
}
