// Secrets at rest, against real PostgreSQL and a real sshd host: AddKVMHost's SSH password
// is sealed in the job row from the moment the call is accepted and in kvm_host for good,
// so a pg_dump of the database and the node's log never show it; a key rotation re-seals
// the stored password and the host stays reachable. Then a database outage: calls answer
// 503 SYS.1010, never 500, and work again once the database is back.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningNode, startNode, tempDataDir } from './support/management-node.js';
import { createTestDatabase } from './support/postgres.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let data: ReturnType<typeof tempDataDir>;
let node: RunningNode | null = null;
let host: TestHost;
let sql: pg.Client;
let hostUuid: string;
const logs: string[] = [];

const env = () => ({ DATABASE_URL: database.url, ZSTACK_DATA_DIR: data.dir, ZSTACK_KVM_LIBVIRT_URI: 'test:///default', ZSTACK_HOST_PING_INTERVAL: '1', ZSTACK_NODE_HEARTBEAT_INTERVAL: '1' });
const dbName = () => new URL(database.url).pathname.slice(1);
const pgDump = () => execFileSync('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', dbName()], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

async function restart(extra: Record<string, string> = {}): Promise<ZStackClient> {
  if (node) {
    await node.stop();
    logs.push(node.output());
  }
  node = await startNode({ ...env(), ...extra });
  const api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
  return api;
}

beforeAll(async () => {
  database = await createTestDatabase();
  data = tempDataDir();
  host = await startTestHost();
  sql = new pg.Client({ connectionString: database.url.replace(/\/[^/]*$/, '/postgres') });
  await sql.connect();
});

afterAll(async () => {
  await sql?.query(`ALTER DATABASE ${dbName()} ALLOW_CONNECTIONS true`).catch(() => undefined);
  await sql?.end();
  await node?.stop();
  await host?.stop();
  await database?.drop();
  data?.cleanup();
});

it('the SSH password is in no table, dump or log line: sealed in the job row from the start and in kvm_host', async () => {
  const api = await restart();
  const zone = await api.run('POST', '/v1/zones', { params: { name: 'z' } });
  const cluster = await api.run('POST', '/v1/clusters', { params: { name: 'c', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
  const accepted = await api.call('POST', '/v1/hosts/kvm', { params: { name: 'h', managementIp: host.ip, username: host.username, password: host.password, sshPort: host.sshPort, clusterUuid: cluster.body.inventory.uuid } });
  expect(accepted.status).toBe(202);
  // While the job runs, its stored request holds the password sealed, never in clear.
  const jobs = new pg.Client({ connectionString: database.url });
  await jobs.connect();
  const running = await jobs.query(`SELECT "state", "request"::text AS request FROM "api_job" WHERE "apiName" = 'AddKVMHost'`);
  await jobs.end();
  expect(running.rows[0].request).not.toContain(host.password);
  expect(running.rows[0].request).toMatch(/"password": ?"zsenc:1:/);

  const added = await api.poll(accepted.body.location, 90_000);
  expect(added.status).toBe(200);
  hostUuid = added.body.inventory.uuid;
  const dump = pgDump();
  expect(dump).toContain('zsenc:1:'); // the sealed password is there...
  expect(dump).not.toContain(host.password); // ...and nothing in clear, in any table
  await storedPassword();
  expect(node!.output()).not.toContain(host.password);

  const keyFile = join(data.dir, 'secret.key');
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
}, 150_000);

it('a key rotation re-seals the stored password at start, and the host is still reached with it', async () => {
  const oldKey = readFileSync(join(data.dir, 'secret.key'), 'utf8').trim();
  const sealedBefore = await storedPassword();
  const newKey = randomBytes(32).toString('base64');
  const api = await restart({ ZSTACK_SECRET_KEY: newKey, ZSTACK_SECRET_OLD_KEYS: oldKey });
  const sealedAfter = await storedPassword();
  expect(sealedAfter.split(':')[2]).not.toBe(sealedBefore.split(':')[2]); // another key id
  await reconnectOverSsh(api);
  expect(pgDump()).not.toContain(host.password);

  // The old key is no longer needed once re-sealed: a node with only the new key works too.
  await reconnectOverSsh(await restart({ ZSTACK_SECRET_KEY: newKey }));
  expect([...logs, node!.output()].join('\n')).not.toContain(host.password);
}, 200_000);

/** Removes the host's agent, so ReconnectHost must log in over SSH with the stored
 *  password to deploy it again. */
async function reconnectOverSsh(api: ZStackClient): Promise<void> {
  const pid = Number(readFileSync(`${host.agentDir}/agent.pid`, 'utf8'));
  process.kill(-pid, 'SIGKILL');
  execFileSync('rm', ['-rf', host.agentDir]);
  const reconnected = await api.run('PUT', `/v1/hosts/${hostUuid}/actions`, { reconnectHost: {} }, {}, 90_000);
  expect(reconnected.status, JSON.stringify(reconnected.body)).toBe(200);
  expect(existsSync(`${host.agentDir}/zstack-agent.mjs`)).toBe(true);
  // Pings (every second, 3 misses and the host is Disconnected) authenticate to the agent
  // with the sealed agent secret: the host stays Connected past several of them.
  await new Promise((r) => setTimeout(r, 4000));
  expect((await api.call('GET', `/v1/hosts/${hostUuid}`)).body.inventories[0].status).toBe('Connected');
}

async function storedPassword(): Promise<string> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  const { rows } = await c.query(`SELECT "password", "agentSecret" FROM "kvm_host"`);
  await c.end();
  expect(rows).toHaveLength(1);
  expect(rows[0].password).toMatch(/^zsenc:1:/);
  expect(rows[0].agentSecret.split(':').slice(0, 3)).toEqual(rows[0].password.split(':').slice(0, 3)); // sealed too, same key
  return rows[0].password;
}

it('a database outage answers 503 SYS.1010 (retriable), never 500, and the node recovers', async () => {
  const api = new ZStackClient(node!.url);
  expect((await api.login()).status).toBe(200);
  await sql.query(`ALTER DATABASE ${dbName()} ALLOW_CONNECTIONS false`);
  await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [dbName()]);
  // Past the node's one-second session cache, so every call reaches the database.
  await new Promise((r) => setTimeout(r, 1500));
  const calls = [
    () => api.call('GET', '/v1/zones'),
    () => api.call('POST', '/v1/zones', { params: { name: 'during-outage' } }),
    () => new ZStackClient(node!.url).login(),
    () => api.call('GET', '/v1/api-jobs/0123456789abcdef0123456789abcdef'),
  ];
  for (const call of calls) {
    const answer = await call();
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('SYS.1010');
    expect(answer.body.error.details).toMatch(/database is unavailable/);
  }
  await sql.query(`ALTER DATABASE ${dbName()} ALLOW_CONNECTIONS true`);
  await until('the node answering again', async () => (await api.call('GET', '/v1/zones')).status, (status) => status === 200, 30_000);
  expect(node!.process.exitCode).toBeNull();
  expect(node!.output()).not.toMatch(/"msg":"REST request failed"/);
}, 90_000);
