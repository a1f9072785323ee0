// Moving volumes through the REST API on real parts: two KVM hosts added over real SSH, their
// agents copying the disk between them (the source shares it over HTTP, the destination
// downloads and checks its sha256). Local storage is the same path on both hosts; the second
// host has its own folder there (its sshd, and so its agent, run in a mount namespace where
// the path is a private folder bound over it), so the two hosts' files are really apart, as
// on two machines. The system libvirtd sees the first host's files only, so a VM runs on the
// first host; its volume goes to the second and comes back, and boots again. Shared mount
// point storages are two folders both hosts see.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../apps/management/src/database/database.tokens.js';
import { type BlankImage, blankImage } from './support/blank-image.js';
import { type InProcessNode, startInProcessNode } from './support/in-process-node.js';
import { domains, ensureLibvirtd, QEMU_SYSTEM_URI, removeDomainsUnder, virsh } from './support/libvirtd.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { zoneWithHosts } from './support/zone-with-hosts.js';
import type { ZStackClient } from './support/zstack-client.js';

const scratch = mkdtempSync(join(tmpdir(), 'zstack-volmig-'));
/** Local storage's url on both hosts. */
const localPath = join(scratch, 'local');
/** What the second host sees at `localPath`. */
const secondHostsFolder = join(scratch, 'second-host-local');
const smp = [join(scratch, 'smp-1'), join(scratch, 'smp-2')];
const MEMORY = 64 * 1024 ** 2;
let node: InProcessNode;
let api: ZStackClient;
let blank: BlankImage;
const hosts: TestHost[] = [];
let clusterUuid: string;
let firstHost: string;
let secondHost: string;
let localUuid: string;
let smpUuids: string[];

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const backingOf = (file: string) => JSON.parse(execFileSync('qemu-img', ['info', '-U', '--output=json', file], { encoding: 'utf8' }))['backing-filename'] as string;
/** What `path` of local storage is on the second host, seen from this machine. */
const onSecondHost = (path: string) => path.replace(localPath, secondHostsFolder);
const hostShares = async () => {
  const refs = (await api.call('GET', `/v1/primary-storage/local-storage/${localUuid}/capacities`)).body.inventories as { hostUuid: string; availableCapacity: number }[];
  return Object.fromEntries(refs.map((r) => [r.hostUuid, r.availableCapacity]));
};
const storage = async (uuid: string) => (await api.call('GET', `/v1/primary-storage?q=uuid=${uuid}`)).body.inventories[0];
/** What reservations hold on a storage (re-measurements move the rest). */
const reserved = async (uuid: string) => {
  const ps = await storage(uuid);
  return ps.totalCapacity - ps.systemUsedCapacity - ps.availableCapacity;
};
const vmOf = async (uuid: string) => (await api.call('GET', `/v1/vm-instances?q=uuid=${uuid}`)).body.inventories[0];
const act = (vmUuid: string, body: object) => api.run('PUT', `/v1/vm-instances/${vmUuid}/actions`, body, {}, 90_000);

beforeAll(async () => {
  await ensureLibvirtd();
  for (const folder of [localPath, secondHostsFolder, ...smp]) {
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o1777); // both hosts' users write here
  }
  chmodSync(scratch, 0o755);
  node = await startInProcessNode(undefined, { ZSTACK_VM_STOP_TIMEOUT: '2', ZSTACK_KVM_LIBVIRT_URI: QEMU_SYSTEM_URI });
  api = node.api;
  const setup = await zoneWithHosts(api, 'volmig', ['first-host'], hosts, { groups: ['libvirt'] });
  clusterUuid = setup.clusterUuid;
  firstHost = setup.hostUuids[0];
  const second = await startTestHost({ groups: ['libvirt'], ownDirectory: { path: localPath, backing: secondHostsFolder } });
  hosts.push(second);
  const added = await api.run('POST', '/v1/hosts/kvm', { params: { name: 'second-host', managementIp: second.ip, username: second.username, password: second.password, sshPort: second.sshPort, clusterUuid } }, {}, 90_000);
  expect(added.status).toBe(200);
  secondHost = added.body.inventory.uuid;
  localUuid = (await api.run('POST', '/v1/primary-storage/local-storage', { params: { name: 'local', url: localPath, zoneUuid: setup.zoneUuid } })).body.inventory.uuid;
  smpUuids = [];
  for (const [i, url] of smp.entries()) {
    smpUuids.push((await api.run('POST', '/v1/primary-storage/smp', { params: { name: `smp-${i + 1}`, url, zoneUuid: setup.zoneUuid } })).body.inventory.uuid);
  }
  for (const ps of [localUuid, ...smpUuids]) expect((await api.run('POST', `/v1/clusters/${clusterUuid}/primary-storage/${ps}`, {}, {}, 60_000)).status).toBe(200);
  blank = await blankImage(api, setup.zoneUuid, hosts);
}, 300_000);

afterAll(async () => {
  removeDomainsUnder([scratch]);
  await node?.close();
  for (const h of hosts) await h.stop();
  blank?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a volume of local storage moved to another host', () => {
  let vmUuid: string;
  let volumeUuid: string;
  let path: string;
  let bytes: string;

  it('is refused while its VM runs, and the hosts it can go to are listed', async () => {
    const created = await api.run('POST', '/v1/vm-instances', { params: { name: 'mover', cpuNum: 1, memorySize: MEMORY, imageUuid: blank.imageUuid, hostUuid: firstHost, primaryStorageUuidForRootVolume: localUuid } }, {}, 180_000);
    expect(created.body.inventory).toMatchObject({ state: 'Running', hostUuid: firstHost });
    vmUuid = created.body.inventory.uuid;
    volumeUuid = created.body.inventory.rootVolumeUuid;
    path = created.body.inventory.allVolumes[0].installPath;
    expect(path.startsWith(`${localPath}/rootVolumes/`)).toBe(true);
    const targets = await api.call('GET', `/v1/volumes/${volumeUuid}/migration-target-hosts`);
    expect(targets.status).toBe(200);
    expect(targets.body.inventories.map((h: { uuid: string }) => h.uuid)).toEqual([secondHost]);
    expect(targets.body.inventories[0]).toMatchObject({ name: 'second-host', status: 'Connected', clusterUuid });
    const running = await api.run('PUT', `/v1/primary-storage/local-storage/volumes/${volumeUuid}/actions`, { localStorageMigrateVolume: { destHostUuid: secondHost } }, {}, 60_000);
    expect(running.status).toBe(503);
    expect(running.body.error.details).toMatch(/is Running; stop it to migrate its volume/);
    const same = await api.run('PUT', `/v1/primary-storage/local-storage/volumes/${volumeUuid}/actions`, { localStorageMigrateVolume: { destHostUuid: firstHost } }, {}, 60_000);
    expect(same.body.error.details).toMatch(/is Running/);
  });

  it('moves with its VM stopped: the bytes on the second host, its image cached there, the first host\'s copy and domain gone, the hosts\' shares moved', async () => {
    expect((await act(vmUuid, { stopVmInstance: { type: 'cold' } })).body.inventory.state).toBe('Stopped');
    bytes = sha256(path);
    const shares = await hostShares();
    const size = (await api.call('GET', `/v1/volumes?q=uuid=${volumeUuid}`)).body.inventories[0].size as number;
    const moved = await api.run('PUT', `/v1/primary-storage/local-storage/volumes/${volumeUuid}/actions`, { localStorageMigrateVolume: { destHostUuid: secondHost } }, {}, 120_000);
    expect(moved.body.error).toBeUndefined();
    expect(moved.body.inventory).toMatchObject({ resourceUuid: volumeUuid, primaryStorageUuid: localUuid, hostUuid: secondHost, resourceType: 'VolumeVO', size });
    // On the second host (its own folder), the same bytes but for the backing path, which is its own cache.
    const there = onSecondHost(path);
    expect(existsSync(there)).toBe(true);
    expect(backingOf(there)).toBe(`${localPath}/imagecache/template/${blank.imageUuid}/${blank.imageUuid}.qcow2`);
    expect(sha256(onSecondHost(backingOf(there)))).toBe(createHash('sha256').update(blank.bytes).digest('hex'));
    expect(sha256(there)).toBe(bytes);
    // What the second host's own user sees at the storage's path is that file.
    expect((await hosts[1].asUser(['sha256sum', path])).stdout.split(' ')[0]).toBe(bytes);
    expect(existsSync(path)).toBe(false);
    expect(domains(true)).not.toContain(vmUuid);
    expect(await vmOf(vmUuid)).toMatchObject({ state: 'Stopped', lastHostUuid: secondHost, clusterUuid });
    expect((await api.call('GET', `/v1/volumes?q=uuid=${volumeUuid}`)).body.inventories[0]).toMatchObject({ status: 'Ready', installPath: path, primaryStorageUuid: localUuid });
    expect(await hostShares()).toEqual({ [firstHost]: shares[firstHost] + size, [secondHost]: shares[secondHost] - size });
    expect((await api.call('GET', `/v1/primary-storage/local-storage/resource-refs?q=resourceUuid=${volumeUuid}`)).body.inventories[0].hostUuid).toBe(secondHost);
    expect((await api.call('GET', `/v1/volumes/${volumeUuid}/migration-target-hosts`)).body.inventories.map((h: { uuid: string }) => h.uuid)).toEqual([firstHost]);
  });

  it('comes back to the first host and boots there', async () => {
    const back = await api.run('PUT', `/v1/primary-storage/local-storage/volumes/${volumeUuid}/actions`, { localStorageMigrateVolume: { destHostUuid: firstHost } }, {}, 120_000);
    expect(back.body.inventory).toMatchObject({ hostUuid: firstHost });
    expect(sha256(path)).toBe(bytes);
    expect(existsSync(onSecondHost(path))).toBe(false);
    const started = await act(vmUuid, { startVmInstance: {} });
    expect(started.body.inventory).toMatchObject({ state: 'Running', hostUuid: firstHost });
    expect(virsh('domstate', vmUuid).trim()).toBe('running');
    expect((await act(vmUuid, { stopVmInstance: { type: 'cold' } })).body.inventory.state).toBe('Stopped');
  });

  it('to a host that does not exist, or to where it is: refused, nothing moved', async () => {
    const nowhere = await api.run('PUT', `/v1/primary-storage/local-storage/volumes/${volumeUuid}/actions`, { localStorageMigrateVolume: { destHostUuid: 'c'.repeat(32) } }, {}, 60_000);
    expect(nowhere.status).toBe(503);
    expect(nowhere.body.error.code).toBe('SYS.1003');
    expect(nowhere.body.error.details).toMatch(/destination host c{32} does not exist/);
    const same = await api.run('PUT', `/v1/primary-storage/local-storage/volumes/${volumeUuid}/actions`, { localStorageMigrateVolume: { destHostUuid: firstHost } }, {}, 60_000);
    expect(same.status).toBe(503);
    expect(same.body.error.code).toBe('SYS.1007');
    expect(same.body.error.details).toMatch(/^destHostUuid: .* is on host .* already/);
    expect(sha256(path)).toBe(bytes);
    expect((await vmOf(vmUuid)).state).toBe('Stopped');
    expect((await api.call('GET', `/v1/primary-storage/volumes/${volumeUuid}/migration-candidates`)).body.error.details).toMatch(/on local storage; LocalStorageMigrateVolume/);
  });
});

describe('a volume moved to another shared mount point storage', () => {
  let vmUuid: string;
  let volumeUuid: string;
  let path: string;

  it('lists the other storage of its cluster as a candidate', async () => {
    const created = await api.run('POST', '/v1/vm-instances', { params: { name: 'smp-mover', cpuNum: 1, memorySize: MEMORY, imageUuid: blank.imageUuid, hostUuid: firstHost, primaryStorageUuidForRootVolume: smpUuids[0], strategy: 'CreateStopped' } }, {}, 180_000);
    expect(created.body.inventory.state).toBe('Stopped');
    vmUuid = created.body.inventory.uuid;
    volumeUuid = created.body.inventory.rootVolumeUuid;
    path = created.body.inventory.allVolumes[0].installPath;
    expect(path.startsWith(`${smp[0]}/rootVolumes/`)).toBe(true);
    const candidates = await api.call('GET', `/v1/primary-storage/volumes/${volumeUuid}/migration-candidates`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.inventories.map((p: { uuid: string }) => p.uuid)).toEqual([smpUuids[1]]);
    expect(candidates.body.inventories[0]).toMatchObject({ type: 'SharedMountPoint', url: smp[1], attachedClusterUuids: [clusterUuid] });
  });

  it('fails cleanly when the destination cannot be written: the volume, the capacities and the source file unchanged', async () => {
    const before = [await reserved(smpUuids[0]), await reserved(smpUuids[1])];
    const bytes = sha256(path);
    chmodSync(smp[1], 0o555);
    try {
      const failed = await api.run('PUT', `/v1/primary-storage/volumes/${volumeUuid}/actions`, { primaryStorageMigrateVolume: { dstPrimaryStorageUuid: smpUuids[1] } }, {}, 120_000);
      expect(failed.status).toBe(503);
      expect(failed.body.error.details).toMatch(/EACCES|permission denied/i);
      expect(failed.body.error.details).not.toMatch(/\/vm\/volume\/download\//); // the share URL is a secret
    } finally {
      chmodSync(smp[1], 0o1777);
    }
    expect([await reserved(smpUuids[0]), await reserved(smpUuids[1])]).toEqual(before);
    expect(sha256(path)).toBe(bytes);
    expect((await api.call('GET', `/v1/volumes?q=uuid=${volumeUuid}`)).body.inventories[0]).toMatchObject({ primaryStorageUuid: smpUuids[0], installPath: path, status: 'Ready' });
    expect((await vmOf(vmUuid)).state).toBe('Stopped');
  });

  it('moves: the file under the new storage on its image cache there, the capacity moved, and the VM boots from it', async () => {
    const before = [await reserved(smpUuids[0]), await reserved(smpUuids[1])];
    const newPath = path.replace(smp[0], smp[1]);
    // The copy is the source's bytes but for the backing file's path in its header: the new storage's cache.
    const expected = join(scratch, 'expected.qcow2');
    copyFileSync(path, expected);
    execFileSync('qemu-img', ['rebase', '-u', '-F', 'qcow2', '-b', `${smp[1]}/imagecache/template/${blank.imageUuid}/${blank.imageUuid}.qcow2`, expected]);
    const bytes = sha256(expected);
    const moved = await api.run('PUT', `/v1/primary-storage/volumes/${volumeUuid}/actions`, { primaryStorageMigrateVolume: { dstPrimaryStorageUuid: smpUuids[1] } }, {}, 120_000);
    expect(moved.body.error).toBeUndefined();
    expect(moved.body.inventory).toMatchObject({ uuid: volumeUuid, primaryStorageUuid: smpUuids[1], installPath: newPath, status: 'Ready', vmInstanceUuid: vmUuid });
    expect(existsSync(path)).toBe(false);
    expect(sha256(newPath)).toBe(bytes);
    expect(backingOf(newPath)).toBe(`${smp[1]}/imagecache/template/${blank.imageUuid}/${blank.imageUuid}.qcow2`);
    const size = moved.body.inventory.size as number;
    expect([await reserved(smpUuids[0]), await reserved(smpUuids[1])]).toEqual([before[0] - size, before[1] + size]);
    const started = await act(vmUuid, { startVmInstance: {} });
    expect(started.body.inventory.state).toBe('Running');
    expect(virsh('dumpxml', vmUuid)).toContain(newPath);
    const again = await api.run('PUT', `/v1/primary-storage/volumes/${volumeUuid}/actions`, { primaryStorageMigrateVolume: { dstPrimaryStorageUuid: smpUuids[0] } }, {}, 60_000);
    expect(again.body.error.details).toMatch(/is Running; stop it/);
  });

  it('to a storage that is not a candidate: refused, saying why', async () => {
    expect((await act(vmUuid, { stopVmInstance: { type: 'cold' } })).body.inventory.state).toBe('Stopped');
    const local = await api.run('PUT', `/v1/primary-storage/volumes/${volumeUuid}/actions`, { primaryStorageMigrateVolume: { dstPrimaryStorageUuid: localUuid } }, {}, 60_000);
    expect(local.status).toBe(503);
    expect(local.body.error.details).toBe('primary storage local is LocalStorage; volumes of SharedMountPoint storage move to shared mount point or NFS storage');
    expect((await api.call('GET', `/v1/volumes?q=uuid=${volumeUuid}`)).body.inventories[0].primaryStorageUuid).toBe(smpUuids[1]);
  });

  it('resumed after a node died mid-way (its VM still VolumeMigrating, the destination reserved), reserves nothing a second time', async () => {
    const before = [await reserved(smpUuids[0]), await reserved(smpUuids[1])];
    const size = (await api.call('GET', `/v1/volumes?q=uuid=${volumeUuid}`)).body.inventories[0].size as number;
    // What the first attempt had committed before the node died: the reservation and the VM's hold, together.
    const db = node.app.get<symbol, DataSource>(DATA_SOURCE);
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE "primary_storage" SET "availableCapacity" = "availableCapacity" - $2 WHERE "uuid" = $1`, [smpUuids[0], size]);
      await tx.query(`UPDATE "vm_instance" SET "state" = 'VolumeMigrating' WHERE "uuid" = $1`, [vmUuid]);
    });
    expect((await act(vmUuid, { startVmInstance: {} })).body.error.details).toMatch(/is VolumeMigrating/);
    const resumed = await api.run('PUT', `/v1/primary-storage/volumes/${volumeUuid}/actions`, { primaryStorageMigrateVolume: { dstPrimaryStorageUuid: smpUuids[0] } }, {}, 120_000);
    expect(resumed.body.inventory).toMatchObject({ primaryStorageUuid: smpUuids[0], installPath: path });
    expect([await reserved(smpUuids[0]), await reserved(smpUuids[1])]).toEqual([before[0] + size, before[1] - size]);
    expect((await vmOf(vmUuid)).state).toBe('Stopped');
  });
});
