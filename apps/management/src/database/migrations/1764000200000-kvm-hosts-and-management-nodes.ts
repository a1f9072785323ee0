import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a KVM host needs beyond HostInventory (SSH credentials, its agent's port, secret
 *  and version), and the live management nodes that share the hosts' ping tracking. */
export class KvmHostsAndManagementNodes1764000200000 implements MigrationInterface {
  name = 'KvmHostsAndManagementNodes1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "kvm_host" (
        "uuid" varchar(32) PRIMARY KEY REFERENCES "host"("uuid") ON DELETE CASCADE,
        "username" varchar(255) NOT NULL,
        "password" varchar(1024) NOT NULL,
        "sshPort" int NOT NULL,
        "agentPort" int NOT NULL,
        "agentSecret" varchar(128) NOT NULL,
        "agentDir" varchar(1024),
        "agentVersion" varchar(128),
        "lastConnectError" text
      );
      CREATE TABLE "management_node" (
        "uuid" varchar(128) PRIMARY KEY,
        "hostName" varchar(255) NOT NULL,
        "joinedAt" timestamptz NOT NULL,
        "heartbeatAt" timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "management_node"; DROP TABLE "kvm_host";`);
  }
}
