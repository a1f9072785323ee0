// iSCSI servers through the REST API against a real target: tgtd (Debian's tgt, installed
// when missing) serving file-backed LUNs behind CHAP on a free port of 127.0.0.1, discovered
// by the agent of a real test host (sshd, its own user) with libiscsi's iscsi-ls
// (libiscsi-bin, installed when missing): this machine has no kernel initiator.
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_SOURCE } from '../apps/management/src/database/database.tokens.js';
import { freePort } from './support/management-node.js';
import { type InProcessNode, startInProcessNode } from './support/in-process-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { startTgtd, type Tgtd } from './support/tgtd.js';
import type { ZStackClient } from './support/zstack-client.js';

const MiB = 1024 * 1024;
const IQN = 'iqn.2026-11.org.zstack.test:rest-iscsi';
const CHAP = { chapUserName: 'zstack-initiator', chapUserPassword: 'chap-secret-9731' };
let tgtd: Tgtd;
let port = 0;
let node: InProcessNode;
let app: NestExpressApplication;
let api: ZStackClient;
let host: TestHost;
let clusterUuid: string;

beforeAll(async () => {
  tgtd = await startTgtd(IQN, { username: CHAP.chapUserName, password: CHAP.chapUserPassword });
  port = tgtd.port;
  tgtd.addLun(1, 64);
  tgtd.addLun(2, 32);
  node = await startInProcessNode();
  ({ app, api } = node);
  const zoneUuid = (await api.run('POST', '/v1/zones', { params: { name: 'zone-iscsi' } })).body.inventory.uuid;
  clusterUuid = (await api.run('POST', '/v1/clusters', { params: { name: 'cluster-iscsi', zoneUuid, hypervisorType: 'KVM' } })).body.inventory.uuid;
  host = await startTestHost();
  const added = await api.run('POST', '/v1/hosts/kvm', { params: { name: 'iscsi-host', managementIp: host.ip, username: host.username, password: host.password, sshPort: host.sshPort, clusterUuid } }, {}, 90_000);
  expect(added.status).toBe(200);
}, 240_000);

afterAll(async () => {
  await node?.close();
  await host?.stop();
  tgtd?.stop();
});

const addServer = (params: object) => api.run('POST', '/v1/storage-devices/iscsi/servers', { params }, {}, 120_000);
const serverCount = async (): Promise<number> => (await api.call('GET', '/v1/storage-devices/iscsi/servers?count=true')).body.total;
const luns = (server: { iscsiTargets: { iscsiLuns: { size: number; serial: string }[] }[] }) => server.iscsiTargets.flatMap((t) => t.iscsiLuns.map((l) => [l.serial, l.size]));

describe('an iSCSI server', () => {
  let uuid: string;

  it('with a wrong CHAP secret or a dead portal is refused with the initiator error, and nothing is written', async () => {
    const wrong = await addServer({ name: 'wrong-chap', ip: '127.0.0.1', port, chapUserName: CHAP.chapUserName, chapUserPassword: 'wrong-secret-0815' });
    expect(wrong.status).toBe(503);
    expect(wrong.body.error.details).toMatch(/Authentication failure/);
    expect(JSON.stringify(wrong.body)).not.toContain('wrong-secret-0815');
    const dead = await addServer({ name: 'dead', ip: '127.0.0.1', port: await freePort() });
    expect(dead.status).toBe(503);
    expect(dead.body.error.details).toMatch(/Connection refused/);
    expect(await serverCount()).toBe(0);
    expect((await api.call('GET', '/v1/storage-devices/iscsi/luns?count=true')).body.total).toBe(0);
  });

  it('is added with exactly the targets and LUNs of tgtd, and its CHAP secret is never answered', async () => {
    const added = await addServer({ name: 'tgt-1', ip: '127.0.0.1', port, ...CHAP });
    expect(added.status).toBe(200);
    const server = added.body.inventory;
    uuid = server.uuid;
    expect(server).toMatchObject({ name: 'tgt-1', ip: '127.0.0.1', port, chapUserName: CHAP.chapUserName, state: 'Enabled', iscsiClusterRefs: [] });
    expect(server.iscsiTargets.map((t: { iqn: string }) => t.iqn)).toEqual([IQN]);
    expect(luns(server)).toEqual([
      ['beaf11', 64 * MiB],
      ['beaf12', 32 * MiB],
    ]);
    const queried = await api.call('GET', `/v1/storage-devices/iscsi/servers?q=uuid=${uuid}`);
    for (const body of [added.body, queried.body]) expect(JSON.stringify(body)).not.toContain(CHAP.chapUserPassword);
    expect(queried.body.inventories[0].chapUserPassword).toBeUndefined();
    // Sealed at rest: the table holds only ciphertext.
    const [stored] = await app.get<symbol, DataSource>(DATA_SOURCE).query(`SELECT "chapUserPassword" FROM "iscsi_server" WHERE "uuid" = $1`, [uuid]);
    expect(stored.chapUserPassword).toMatch(/^zsenc:1:/);
    const byIqn = await api.call('GET', `/v1/storage-devices/iscsi/luns?q=iscsiTarget.iqn=${IQN}&sort=%2Bsize`);
    expect(byIqn.body.inventories.map((l: { size: number }) => l.size)).toEqual([32 * MiB, 64 * MiB]);
  });

  it('shows a LUN added to tgtd after RefreshIscsiServer', async () => {
    tgtd.addLun(3, 16);
    const refreshed = await api.run('POST', `/v1/storage-devices/iscsi/servers/${uuid}`, { params: {} }, {}, 120_000);
    expect(refreshed.status).toBe(200);
    expect(luns(refreshed.body.inventory)).toEqual([
      ['beaf11', 64 * MiB],
      ['beaf12', 32 * MiB],
      ['beaf13', 16 * MiB],
    ]);
  });

  it('keeps a LUN that vanished from tgtd, marked vanished, and unmarks it when it is back', async () => {
    tgtd.deleteLun(3);
    const refresh = () => api.run('POST', `/v1/storage-devices/iscsi/servers/${uuid}`, { params: {} }, {}, 120_000);
    expect((await refresh()).status).toBe(200);
    const vanished = async () => (await app.get<symbol, DataSource>(DATA_SOURCE).query(`SELECT "serial" FROM "iscsi_lun" WHERE "vanishedDate" IS NOT NULL`)).map((r: { serial: string }) => r.serial);
    expect(await vanished()).toEqual(['beaf13']);
    expect((await api.call('GET', '/v1/storage-devices/iscsi/luns?count=true')).body.total).toBe(3);
    tgtd.addLun(3, 16);
    expect((await refresh()).status).toBe(200);
    expect(await vanished()).toEqual([]);
  });

  it('keeps its CHAP credentials when new ones are refused by the target', async () => {
    const update = await api.run('PUT', `/v1/storage-devices/iscsi/servers/${uuid}/actions`, { updateIscsiServer: { chapUserPassword: 'not-the-secret-1' } }, {}, 120_000);
    expect(update.status).toBe(503);
    expect(update.body.error.details).toMatch(/Authentication failure/);
    const refreshed = await api.run('POST', `/v1/storage-devices/iscsi/servers/${uuid}`, { params: {} }, {}, 120_000);
    expect(refreshed.status).toBe(200);
    const renamed = await api.run('PUT', `/v1/storage-devices/iscsi/servers/${uuid}/actions`, { updateIscsiServer: { name: 'tgt-renamed', state: 'Disabled' } });
    expect(renamed.body.inventory).toMatchObject({ name: 'tgt-renamed', state: 'Disabled' });
  });

  it('is attached to a cluster whose hosts reach it, found through the cluster, and detached', async () => {
    const attached = await api.run('POST', `/v1/clusters/${clusterUuid}/storage-devices/iscsi/servers/${uuid}`, { params: {} }, {}, 120_000);
    expect(attached.status).toBe(200);
    expect(attached.body.inventory.iscsiClusterRefs.map((r: { clusterUuid: string }) => r.clusterUuid)).toEqual([clusterUuid]);
    expect((await api.call('GET', `/v1/clusters?q=iscsiServer.uuid=${uuid}`)).body.inventories.map((c: { uuid: string }) => c.uuid)).toEqual([clusterUuid]);
    const detached = await api.run('DELETE', `/v1/clusters/${clusterUuid}/storage-devices/iscsi/servers/${uuid}`);
    expect(detached.body.inventory.iscsiClusterRefs).toEqual([]);
  });

  it('is deleted with its targets and LUNs', async () => {
    expect((await api.run('DELETE', `/v1/storage-devices/iscsi/servers/${uuid}`)).status).toBe(200);
    expect(await serverCount()).toBe(0);
    expect((await api.call('GET', '/v1/storage-devices/iscsi/luns?count=true')).body.total).toBe(0);
  });
});
