// Group commit on real PostgreSQL and RabbitMQ: jobs that wait for the database together
// run in one transaction (independent ones side by side, the others one after another),
// and a failing job in a group takes nobody's writes with it: every job ends as it would
// have alone, each created resource exists once, a failed job wrote nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningNode, startNode } from './support/management-node.js';
import { AMQP_URL, createTestDatabase, deleteCommandQueues } from './support/postgres.js';
import { ZStackClient } from './support/zstack-client.js';

const PARTITIONS = 16;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let prefix: string;
let node: RunningNode;
let api: ZStackClient;

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = `zstack-test-${randomUUID().slice(0, 8)}`;
  node = await startNode({ DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: prefix, ZSTACK_BUS_PARTITIONS: String(PARTITIONS), LOG_LEVEL: 'debug' });
  api = new ZStackClient(node.url);
  await api.login();
});

afterAll(async () => {
  await node?.stop();
  await deleteCommandQueues(prefix, PARTITIONS);
  await database?.drop();
});

const zoneNames = (answer: { body: { inventories: { name: string }[] } }) => answer.body.inventories.map((z) => z.name).sort();

it('many jobs at once: together where they can be, each ends as it would alone, a failure writes nothing', async () => {
  const home = await api.run('POST', '/v1/zones', { params: { name: 'home' } });
  expect(home.status).toBe(200);
  const homeUuid = home.body.inventory.uuid as string;
  const missingZone = 'f'.repeat(32);

  for (let round = 0; round < 3; round++) {
    const zones = Array.from({ length: 40 }, (_, i) => `together-${round}-${i}`);
    const clusters = Array.from({ length: 10 }, (_, i) => `cluster-${round}-${i}`);
    const orphans = Array.from({ length: 5 }, (_, i) => `orphan-${round}-${i}`);
    const [zoneAnswers, clusterAnswers, orphanAnswers] = await Promise.all([
      Promise.all(zones.map((name) => api.run('POST', '/v1/zones', { params: { name } }))),
      Promise.all(clusters.map((name) => api.run('POST', '/v1/clusters', { params: { name, zoneUuid: homeUuid, hypervisorType: 'KVM' } }))),
      Promise.all(orphans.map((name) => api.run('POST', '/v1/clusters', { params: { name, zoneUuid: missingZone, hypervisorType: 'KVM' } }))),
    ]);
    expect(zoneAnswers.map((a) => a.status)).toEqual(zones.map(() => 200));
    expect(zoneAnswers.map((a) => a.body.inventory.name)).toEqual(zones);
    expect(clusterAnswers.map((a) => a.status)).toEqual(clusters.map(() => 200));
    expect(clusterAnswers.map((a) => a.body.inventory.zoneUuid)).toEqual(clusters.map(() => homeUuid));
    for (const failed of orphanAnswers) {
      expect(failed.status).toBe(503);
      expect(JSON.stringify(failed.body.error)).toContain(missingZone);
    }
    // Each zone once, each good cluster once, no orphan cluster.
    expect(zoneNames(await api.call('GET', `/v1/zones?q=name~=together-${round}-%25`))).toEqual([...zones].sort());
    expect(zoneNames(await api.call('GET', `/v1/clusters?q=name~=cluster-${round}-%25`))).toEqual([...clusters].sort());
    expect((await api.call('GET', `/v1/clusters?q=name~=orphan-${round}-%25`)).body.inventories).toEqual([]);
  }

  // The node's log shows groups committed together, and groups that a failure sent to run alone.
  const together = [...node.output().matchAll(/"jobs":(\d+),"msg":"jobs committed together"/g)].map((m) => Number(m[1]));
  expect(together.length).toBeGreaterThan(0);
  expect(Math.max(...together)).toBeGreaterThan(1);
  expect(node.output()).toMatch(/"msg":"a job of the group failed: each runs alone"/);
});
