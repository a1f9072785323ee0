import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts get ZStack's description (CreateAccount, UpdateAccount). kvm_host.password
 *  and agentSecret now hold their values sealed under the node's secret key (AES-256-GCM
 *  in base64url with a short header): a 255-character password, the contract's bound,
 *  seals to at most ~1,100 characters, a 64-hex agent secret to ~140. The node re-seals
 *  rows stored in clear by earlier releases at start (secrets/reseal.ts). */
export class SecretsAtRest1764000300000 implements MigrationInterface {
  name = 'SecretsAtRest1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "kvm_host" ALTER COLUMN "password" TYPE varchar(2048), ALTER COLUMN "agentSecret" TYPE varchar(256)`);
    await q.query(`ALTER TABLE "account" ADD COLUMN "description" varchar(2048)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "kvm_host" ALTER COLUMN "password" TYPE varchar(1024), ALTER COLUMN "agentSecret" TYPE varchar(128)`);
    await q.query(`ALTER TABLE "account" DROP COLUMN "description"`);
  }
}
