// Backup storage through the REST API, on ImageStores whose hosts are real sshd test hosts:
// the management node deploys the agent over SSH (as for KVM hosts, in a folder of its own),
// the agent creates and measures the store's directory, and the family's generic APIs
// (state, zones, capacity, reconnect, update, delete) act on what it recorded.
import { existsSync, statfsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { ZStackClient } from './support/zstack-client.js';

let node: RunningNode;
let api: ZStackClient;
let zoneUuid: string;
const hosts: TestHost[] = [];

beforeAll(async () => {
  node = await startEmbeddedNode({ LOG_LEVEL: 'warn' });
  api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
  zoneUuid = (await api.run('POST', '/v1/zones', { params: { name: 'zone-bs' } })).body.inventory.uuid;
}, 120_000);

afterAll(async () => {
  await node?.stop();
  for (const h of hosts) await h.stop();
});

async function newHost(): Promise<TestHost> {
  const h = await startTestHost();
  hosts.push(h);
  return h;
}

const addImageStore = (h: TestHost, name: string, url = `${h.home}/imagestore`, password = h.password) =>
  api.run('POST', '/v1/backup-storage/image-store', { params: { name, hostname: h.ip, username: h.username, password, sshPort: h.sshPort, url } }, {}, 90_000);

const storesNamed = async (name: string): Promise<number> => (await api.call('GET', `/v1/backup-storage?q=name=${name}&count=true`)).body.total;

describe('ImageStore backup storage', () => {
  let h: TestHost;
  let uuid: string;

  it('GetBackupStorageTypes names the registered types', async () => {
    const answer = await api.call('GET', '/v1/backup-storage/types');
    expect(answer.status).toBe(200);
    expect(answer.body.backupStorageTypes).toEqual(['Ceph', 'ImageStore']);
  });

  it('AddImageStoreBackupStorage deploys the agent over SSH, creates the directory and reports its file system\'s capacity', async () => {
    h = await newHost();
    const added = await addImageStore(h, 'store-1', `${h.home}/imagestore/`);
    expect(added.status).toBe(200);
    const bs = added.body.inventory;
    uuid = bs.uuid;
    expect(bs).toMatchObject({ name: 'store-1', type: 'ImageStore', state: 'Enabled', status: 'Connected', url: `${h.home}/imagestore`, hostname: h.ip, username: h.username, sshPort: h.sshPort, attachedZoneUuids: [] });
    expect(bs).not.toHaveProperty('password');
    const fs = statfsSync(h.home);
    expect(bs.totalCapacity).toBe(fs.blocks * fs.bsize);
    expect(bs.availableCapacity).toBeGreaterThan(0);
    expect(bs.availableCapacity).toBeLessThanOrEqual(bs.totalCapacity);
    expect(existsSync(`${h.home}/imagestore`)).toBe(true);
    expect(existsSync(`${h.home}/.zstack/image-store-agent/agent.json`)).toBe(true);
    expect(await h.processes()).not.toEqual([]);
  });

  it('is queryable as BackupStorage and as ImageStoreBackupStorage, never with its password', async () => {
    const base = await api.call('GET', `/v1/backup-storage/${uuid}`);
    expect(base.body.inventories).toHaveLength(1);
    expect(base.body.inventories[0]).toMatchObject({ uuid, type: 'ImageStore', status: 'Connected' });
    const typed = await api.call('GET', `/v1/backup-storage/image-store?q=hostname=${h.ip}`);
    expect(typed.body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([uuid]);
    expect(typed.body.inventories[0].username).toBe(h.username);
    expect(JSON.stringify(typed.body)).not.toContain(h.password);
    expect((await api.call('GET', `/v1/backup-storage/image-store?q=password=${h.password}`)).status).toBe(400);
  });

  it('attaches to a zone once, is found through the zone, detaches once', async () => {
    const attached = await api.run('POST', `/v1/zones/${zoneUuid}/backup-storage/${uuid}`, {});
    expect(attached.status).toBe(200);
    expect(attached.body.inventory.attachedZoneUuids).toEqual([zoneUuid]);
    const again = await api.run('POST', `/v1/zones/${zoneUuid}/backup-storage/${uuid}`, {});
    expect(again.status).toBe(503);
    expect(again.body.error.details).toMatch(/already attached to zone zone-bs/);
    expect((await api.call('GET', `/v1/backup-storage?q=zone.uuid=${zoneUuid}`)).body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([uuid]);
    expect((await api.call('GET', `/v1/zones?q=backupStorage.uuid=${uuid}`)).body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([zoneUuid]);

    const capacity = await api.call('GET', `/v1/backup-storage/capacities?zoneUuids=${zoneUuid}`);
    expect(capacity.status).toBe(200);
    const stored = (await api.call('GET', `/v1/backup-storage/${uuid}`)).body.inventories[0];
    expect(capacity.body).toMatchObject({ totalCapacity: stored.totalCapacity, availableCapacity: stored.availableCapacity });

    const detached = await api.run('DELETE', `/v1/zones/${zoneUuid}/backup-storage/${uuid}`);
    expect(detached.status).toBe(200);
    expect(detached.body.inventory.attachedZoneUuids).toEqual([]);
    const twice = await api.run('DELETE', `/v1/zones/${zoneUuid}/backup-storage/${uuid}`);
    expect(twice.status).toBe(503);
    expect(twice.body.error.details).toMatch(/is not attached to zone/);
    expect((await api.call('GET', `/v1/backup-storage/capacities?zoneUuids=${zoneUuid}`)).body).toMatchObject({ totalCapacity: 0, availableCapacity: 0 });
  });

  it('is disabled and enabled; an unknown event is refused', async () => {
    const disabled = await api.run('PUT', `/v1/backup-storage/${uuid}/actions`, { changeBackupStorageState: { stateEvent: 'disable' } });
    expect(disabled.body.inventory.state).toBe('Disabled');
    expect((await api.call('GET', `/v1/backup-storage?q=state=Disabled`)).body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([uuid]);
    const enabled = await api.run('PUT', `/v1/backup-storage/${uuid}/actions`, { changeBackupStorageState: { stateEvent: 'enable' } });
    expect(enabled.body.inventory.state).toBe('Enabled');
    const wrong = await api.run('PUT', `/v1/backup-storage/${uuid}/actions`, { changeBackupStorageState: { stateEvent: 'maintain' } });
    expect(wrong.body.error.code).toBe('SYS.1007');
  });

  it('is renamed; new SSH credentials are tried first and refused ones are not kept', async () => {
    const renamed = await api.run('PUT', `/v1/backup-storage/${uuid}/actions`, { updateBackupStorage: { name: 'store-1b', description: 'images' } });
    expect(renamed.body.inventory).toMatchObject({ name: 'store-1b', description: 'images' });
    const refused = await api.run('PUT', `/v1/backup-storage/image-store/${uuid}/actions`, { updateImageStoreBackupStorage: { password: 'not-the-password' } }, {}, 60_000);
    expect(refused.status).toBe(503);
    expect(refused.body.error.details).toMatch(/new SSH access of backup storage store-1b was refused, the old one is kept/);
    // The stored password still works: a reconnect that must redeploy succeeds.
    await h.asUser(['rm', '-rf', `${h.home}/.zstack/image-store-agent`]);
    for (const pid of await h.processes()) process.kill(pid, 'SIGKILL');
    const reconnected = await api.run('PUT', `/v1/backup-storage/image-store/${uuid}/actions`, { reconnectImageStoreBackupStorage: {} }, {}, 90_000);
    expect(reconnected.status).toBe(200);
    expect(reconnected.body.inventory).toMatchObject({ status: 'Connected', hostname: h.ip });
    expect(existsSync(`${h.home}/.zstack/image-store-agent/agent.json`)).toBe(true);
  });

  it('ReconnectBackupStorage of a store whose host stopped answering ends Disconnected with the reason', async () => {
    const other = await newHost();
    const added = await addImageStore(other, 'store-2');
    expect(added.status).toBe(200);
    const second = added.body.inventory.uuid;
    expect((await api.call('GET', '/v1/backup-storage/capacities?all=true')).body.totalCapacity).toBe(2 * added.body.inventory.totalCapacity);
    for (const pid of await other.processes()) process.kill(pid, 'SIGKILL');
    await other.stopSshd();
    const answer = await api.run('PUT', `/v1/backup-storage/${second}/actions`, { reconnectBackupStorage: {} }, {}, 90_000);
    expect(answer.status).toBe(503);
    expect(answer.body.error.details).toMatch(/cannot connect backup storage store-2 .*connect over SSH/);
    expect((await api.call('GET', `/v1/backup-storage/${second}`)).body.inventories[0].status).toBe('Disconnected');
    expect((await api.run('DELETE', `/v1/backup-storage/${second}`, undefined, {}, 60_000)).status).toBe(200);
    expect(await storesNamed('store-2')).toBe(0);
  });

  it('DeleteBackupStorage removes the agent and the rows; the images\' directory stays', async () => {
    const attached = await api.run('POST', `/v1/zones/${zoneUuid}/backup-storage/${uuid}`, {});
    expect(attached.body.error ?? null).toBeNull();
    const deleted = await api.run('DELETE', `/v1/backup-storage/${uuid}`, undefined, {}, 60_000);
    expect(deleted.status).toBe(200);
    expect((await api.call('GET', `/v1/backup-storage/${uuid}`)).body.inventories).toEqual([]);
    expect((await api.call('GET', `/v1/zones?q=backupStorage.uuid=${uuid}`)).body.inventories).toEqual([]);
    expect(await h.processes()).toEqual([]);
    expect(existsSync(`${h.home}/.zstack/image-store-agent`)).toBe(false);
    expect(existsSync(`${h.home}/imagestore`)).toBe(true);
    expect((await api.run('DELETE', `/v1/backup-storage/${uuid}`, undefined, {}, 60_000)).status).toBe(200); // gone already: still success
  });
});

describe('AddImageStoreBackupStorage with bad input', () => {
  it('refuses a relative directory before touching the host', async () => {
    const h = await newHost();
    const answer = await addImageStore(h, 'relative', 'imagestore');
    expect(answer.body.error.code).toBe('SYS.1007');
    expect(answer.body.error.details).toMatch(/url imagestore is not an absolute directory/);
    expect(await storesNamed('relative')).toBe(0);
  });

  it('with a wrong password fails naming the SSH step and leaves no row and no agent', async () => {
    const h = await newHost();
    const answer = await addImageStore(h, 'wrong-password', `${h.home}/imagestore`, 'not-the-password');
    expect(answer.status).toBe(503);
    expect(answer.body.error.details).toMatch(/cannot connect backup storage wrong-password .*connect over SSH/);
    expect(await storesNamed('wrong-password')).toBe(0);
    expect(existsSync(`${h.home}/.zstack`)).toBe(false);
  });

  it('on a directory the SSH user cannot create fails at the store check and removes the agent it deployed', async () => {
    const h = await newHost();
    const answer = await addImageStore(h, 'no-access', '/root/imagestore-denied');
    expect(answer.status).toBe(503);
    expect(answer.body.error.details).toMatch(/cannot connect backup storage no-access/);
    expect(await storesNamed('no-access')).toBe(0);
    expect(await h.processes()).toEqual([]);
    expect(existsSync(`${h.home}/.zstack/image-store-agent`)).toBe(false);
  });
});
