// Ceph primary and backup storage through the REST API against a real single-node Ceph
// (scripts/ceph-test-cluster.sh: one mon, one OSD). Its mons are reached the way ZStack
// reaches them: over SSH with `user:password@host:port` mon urls, the node's agent deployed on
// each mon host, running the `ceph` CLI there. The mon hosts are two real test hosts (a real
// sshd and Unix user each, on this machine), so both see the same cluster, as two mons of one
// cluster do; the node points their agents at the test cluster's conf (ZSTACK_CEPH_CONF).
// What the node reports is compared with what `ceph` itself says.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CephTestCluster, startCephTestCluster } from './support/ceph-cluster.js';
import { type InProcessNode, startInProcessNode } from './support/in-process-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import type { ZStackClient } from './support/zstack-client.js';

let cluster: CephTestCluster;
let node: InProcessNode;
let api: ZStackClient;
let zoneUuid: string;
const mons: TestHost[] = [];
const CEPH_MON_PORT = 16789;
const monUrl = (h: TestHost) => `${h.username}:${h.password}@${h.ip}:${h.sshPort}/?monPort=${CEPH_MON_PORT}`;
const pools = async () => (await cluster.ceph(['osd', 'pool', 'ls'])).split('\n').filter(Boolean);
const cephDf = async () => JSON.parse(await cluster.ceph(['df', '--format', 'json'])).stats as { total_bytes: number; total_avail_bytes: number };

beforeAll(async () => {
  cluster = await startCephTestCluster();
  node = await startInProcessNode(undefined, { ZSTACK_CEPH_CONF: cluster.confPath });
  api = node.api;
  zoneUuid = (await api.run('POST', '/v1/zones', { params: { name: 'zone-ceph' } })).body.inventory.uuid;
  for (let i = 0; i < 2; i++) mons.push(await startTestHost());
}, 600_000);

afterAll(async () => {
  await node?.close();
  for (const h of mons) await h.stop();
  // Pools a failed test left behind would only clutter the shared cluster.
  for (const pool of (await pools().catch(() => [])).filter((p) => /^(pri-|bak-t-|zs-test-)/.test(p))) {
    await cluster.ceph(['osd', 'pool', 'delete', pool, pool, '--yes-i-really-really-mean-it']).catch(() => undefined);
  }
});

describe('Ceph primary storage', () => {
  let psUuid: string;

  it('is added over one mon: the cluster fsid, its pools made, and the capacity ceph df reports', async () => {
    const before = await cephDf();
    const added = await api.run('POST', '/v1/primary-storage/ceph', { params: { name: 'ceph-ps', zoneUuid, monUrls: [monUrl(mons[0])] } }, {}, 180_000);
    expect(added.body.error).toBeUndefined();
    expect(added.status).toBe(200);
    psUuid = added.body.inventory.uuid;
    const after = await cephDf();
    expect(added.body.inventory).toMatchObject({ type: 'Ceph', fsid: cluster.fsid, status: 'Connected', totalCapacity: after.total_bytes, totalPhysicalCapacity: after.total_bytes });
    const available = added.body.inventory.availablePhysicalCapacity;
    expect(available).toBeGreaterThanOrEqual(Math.min(before.total_avail_bytes, after.total_avail_bytes) - 16 * 1024 * 1024);
    expect(available).toBeLessThanOrEqual(Math.max(before.total_avail_bytes, after.total_avail_bytes) + 16 * 1024 * 1024);
    expect(added.body.inventory.mons).toEqual([expect.objectContaining({ hostname: mons[0].ip, monPort: CEPH_MON_PORT, sshUsername: mons[0].username, status: 'Connected' })]);
    // The password is never answered.
    expect(JSON.stringify(added.body)).not.toContain(mons[0].password);
    const made = await pools();
    for (const prefix of ['pri-v-r-', 'pri-v-d-', 'pri-c-']) expect(made).toContain(`${prefix}${psUuid}`);
    const queried = (await api.call('GET', `/v1/primary-storage/ceph?q=uuid=${psUuid}`)).body.inventories[0];
    expect(queried).toMatchObject({ fsid: cluster.fsid, rootVolumePoolName: `pri-v-r-${psUuid}` });
    const poolRows = (await api.call('GET', `/v1/primary-storage/ceph/pools?q=primaryStorageUuid=${psUuid}`)).body.inventories;
    expect(poolRows.map((p: { type: string }) => p.type).sort()).toEqual(['Data', 'ImageCache', 'Root']);
  });

  it('refuses the same cluster (fsid) twice, leaving no storage', async () => {
    const again = await api.run('POST', '/v1/primary-storage/ceph', { params: { name: 'ceph-ps-2', zoneUuid, monUrls: [monUrl(mons[1])] } }, {}, 180_000);
    expect(again.status).toBe(503);
    expect(again.body.error.details).toContain(`Ceph cluster ${cluster.fsid} is primary storage ${psUuid} already`);
    expect((await api.call('GET', '/v1/primary-storage/ceph?q=name=ceph-ps-2')).body.inventories).toEqual([]);
    expect(await mons[1].processes()).toEqual([]);
  });

  it('gains a second mon and loses the first; the last mon stays', async () => {
    const gained = await api.run('POST', `/v1/primary-storage/ceph/${psUuid}/mons`, { params: { monUrls: [monUrl(mons[1])] } }, {}, 180_000);
    expect(gained.body.error).toBeUndefined();
    expect(gained.status).toBe(200);
    expect(gained.body.inventory.mons.map((m: { hostname: string; status: string }) => [m.hostname, m.status])).toEqual([
      [mons[0].ip, 'Connected'],
      [mons[1].ip, 'Connected'],
    ]);
    const lost = await api.run('DELETE', `/v1/primary-storage/ceph/${psUuid}/mons?monHostnames=${mons[0].ip}`, undefined, {}, 60_000);
    expect(lost.body.error).toBeUndefined();
    expect(lost.status).toBe(200);
    expect(lost.body.inventory.mons.map((m: { hostname: string }) => m.hostname)).toEqual([mons[1].ip]);
    // The first host's agent served only that mon: it is gone.
    expect(await mons[0].processes()).toEqual([]);
    const last = await api.run('DELETE', `/v1/primary-storage/ceph/${psUuid}/mons?monHostnames=${mons[1].ip}`, undefined, {}, 60_000);
    expect(last.status).toBe(503);
    expect(last.body.error.details).toMatch(/at least one mon/);
    const reconnected = await api.run('PUT', `/v1/primary-storage/${psUuid}/actions`, { reconnectPrimaryStorage: {} }, {}, 60_000);
    expect(reconnected.body.inventory.status).toBe('Connected');
  });

  it('adds and deletes pools: a pool that is not there is refused unless it is to be created', async () => {
    const missing = await api.run('POST', `/v1/primary-storage/ceph/${psUuid}/pools`, { params: { poolName: 'zs-test-missing' } }, {}, 120_000);
    expect(missing.status).toBe(503);
    expect(missing.body.error.details).toMatch(/pool zs-test-missing does not exist/);
    const created = await api.run('POST', `/v1/primary-storage/ceph/${psUuid}/pools`, { params: { poolName: 'zs-test-data', isCreate: true, aliasName: 'fast' } }, {}, 120_000);
    expect(created.status).toBe(200);
    expect(created.body.inventory).toMatchObject({ poolName: 'zs-test-data', aliasName: 'fast', primaryStorageUuid: psUuid });
    expect(await pools()).toContain('zs-test-data');
    const renamed = await api.run('PUT', `/v1/primary-storage/ceph/pools/${created.body.inventory.uuid}/actions`, { updateCephPrimaryStoragePool: { aliasName: 'faster' } });
    expect(renamed.body.inventory.aliasName).toBe('faster');
    const deleted = await api.run('DELETE', `/v1/primary-storage/ceph/pools/${created.body.inventory.uuid}`, undefined, {}, 120_000);
    expect(deleted.status).toBe(200);
    expect(await pools()).not.toContain('zs-test-data');
  });

  it('is deleted with its mons and their agents; the cluster stays', async () => {
    expect((await api.run('DELETE', `/v1/primary-storage/${psUuid}`, undefined, {}, 60_000)).status).toBe(200);
    expect((await api.call('GET', `/v1/primary-storage/ceph/mons?q=primaryStorageUuid=${psUuid}`)).body.inventories ?? []).toEqual([]);
    expect(await mons[1].processes()).toEqual([]);
  });
});

describe('Ceph backup storage', () => {
  let bsUuid: string;

  it('is added over one mon with its pool and the capacity ceph df reports, gains and loses a mon', async () => {
    const added = await api.run('POST', '/v1/backup-storage/ceph', { params: { name: 'ceph-bs', monUrls: [monUrl(mons[0])] } }, {}, 180_000);
    expect(added.body.error).toBeUndefined();
    bsUuid = added.body.inventory.uuid;
    const df = await cephDf();
    expect(added.body.inventory).toMatchObject({ type: 'Ceph', fsid: cluster.fsid, status: 'Connected', poolName: `bak-t-${bsUuid}`, totalCapacity: df.total_bytes });
    expect(await pools()).toContain(`bak-t-${bsUuid}`);
    const gained = await api.run('POST', `/v1/backup-storage/ceph/${bsUuid}/mons`, { params: { monUrls: [monUrl(mons[1])] } }, {}, 180_000);
    expect(gained.body.inventory.mons.map((m: { hostname: string }) => m.hostname)).toEqual([mons[0].ip, mons[1].ip]);
    const queried = (await api.call('GET', `/v1/backup-storage/ceph?q=uuid=${bsUuid}`)).body.inventories[0];
    expect(queried.mons).toHaveLength(2);
    expect((await api.call('GET', `/v1/backup-storage/ceph/mons?q=backupStorageUuid=${bsUuid}`)).status).not.toBe(500);
    const lost = await api.run('DELETE', `/v1/backup-storage/ceph/${bsUuid}/mons?monHostnames=${mons[1].ip}`, undefined, {}, 60_000);
    expect(lost.body.inventory.mons.map((m: { hostname: string }) => m.hostname)).toEqual([mons[0].ip]);
  });

  it('refuses the same cluster twice and an unreachable mon, leaving nothing', async () => {
    const again = await api.run('POST', '/v1/backup-storage/ceph', { params: { name: 'ceph-bs-2', monUrls: [monUrl(mons[1])] } }, {}, 180_000);
    expect(again.status).toBe(503);
    expect(again.body.error.details).toContain(`is backup storage ${bsUuid} already`);
    const dead = await api.run('POST', '/v1/backup-storage/ceph', { params: { name: 'ceph-bs-3', monUrls: [`${mons[1].username}:${mons[1].password}@${mons[1].ip}:1/?monPort=${CEPH_MON_PORT}`] } }, {}, 180_000);
    expect(dead.status).toBe(503);
    expect(dead.body.error.details).toMatch(new RegExp(`mon ${mons[1].ip.replace(/\./g, '\\.')}: `));
    expect(JSON.stringify(dead.body)).not.toContain(mons[1].password);
    expect((await api.call('GET', '/v1/backup-storage?q=name~=ceph-bs-%25')).body.inventories).toEqual([]);
    expect(await mons[1].processes()).toEqual([]);
  });

  it('is deleted, taking its mons\' agents', async () => {
    expect((await api.run('DELETE', `/v1/backup-storage/${bsUuid}`, undefined, {}, 60_000)).status).toBe(200);
    expect(await mons[0].processes()).toEqual([]);
  });
});
