import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts get ZStack's description (CreateAccount, UpdateAccount).
 *  kvm_host.password and agentSecret now hold their values sealed under the node's secret key
 *  (AES-256-GCM, base64: longer than the plain value). The node re-seals rows stored in
 *  clear by earlier releases at start (secrets/reseal.ts). */
export class SecretsAtRest1764000300000 implements MigrationInterface {
  name = 'SecretsAtRest1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "kvm_host" ALTER COLUMN "password" TYPE text, ALTER COLUMN "agentSecret" TYPE text`);
    await q.query(`ALTER TABLE "account" ADD COLUMN "description" varchar(2048)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "kvm_host" ALTER COLUMN "password" TYPE varchar(1024), ALTER COLUMN "agentSecret" TYPE varchar(128)`);
    await q.query(`ALTER TABLE "account" DROP COLUMN "description"`);
  }
}
