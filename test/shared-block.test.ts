// Shared Block primary storage through the REST API, on real hosts and real LVM: a management
// node (in this process, on the embedded database) adds two KVM hosts over real SSH (test
// hosts: a real sshd and Unix user each, agents deployed and run as those users, allowed the
// LVM tools through sudo as a non-root ZStack host account is). The shared LUNs are loop
// devices over sparse files: every test host is this machine, so all of them see the same
// disks, as hosts on one SAN do. Loop devices have no WWN, so they are named by path. This
// machine's kernel has no device-mapper: the agent's LVM driver then runs every LVM command
// with `--driverloaded n` (metadata only, no activation), which is all a volume group's
// capacity needs. The test compares what the node reports with `vgs` run here as root.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessNode, startInProcessNode } from './support/in-process-node.js';
import { ensurePackages, type TestHost } from './support/test-hosts.js';
import { zoneWithHosts } from './support/zone-with-hosts.js';
import type { ZStackClient } from './support/zstack-client.js';

const MiB = 1024 * 1024;
const LVM_TOOLS = ['pvcreate', 'pvremove', 'pvs', 'vgcreate', 'vgextend', 'vgremove', 'vgs', 'lvs'].map((t) => `/usr/sbin/${t}`);
const driverloaded = existsSync('/sys/class/misc/device-mapper') ? [] : ['--driverloaded', 'n'];
const lvm = (...argv: string[]) => execFileSync(argv[0], [...driverloaded, ...argv.slice(1)], { encoding: 'utf8', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });

let node: InProcessNode;
let api: ZStackClient;
let zoneUuid: string;
let clusterUuid: string;
const hostUuids: string[] = [];
const hosts: TestHost[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'zstack-sblk-'));
const loops: string[] = [];
const groups: string[] = [];

/** `vgs` of the group as root: [size, free] in bytes. */
function vgs(vgName: string): [number, number] {
  const report = JSON.parse(lvm('vgs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'vg_size,vg_free', vgName));
  const { vg_size, vg_free } = report.report[0].vg[0];
  return [Number(vg_size), Number(vg_free)];
}

const pvSize = (path: string): number =>
  Number(JSON.parse(lvm('pvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'pv_size', path)).report[0].pv[0].pv_size);

beforeAll(async () => {
  ensurePackages({ lvm2: '/usr/sbin/lvm' });
  for (const name of ['lun-a', 'lun-b', 'lun-c']) {
    const file = join(scratch, name);
    writeFileSync(file, '');
    execFileSync('truncate', ['-s', `${64 * MiB}`, file]);
    loops.push(execFileSync('losetup', ['-f', '--show', file], { encoding: 'utf8' }).trim());
  }
  node = await startInProcessNode();
  api = node.api;
  const setup = await zoneWithHosts(api, 'sblk', ['sblk-host-1', 'sblk-host-2'], hosts, { sudo: LVM_TOOLS });
  ({ zoneUuid, clusterUuid } = setup);
  hostUuids.push(...setup.hostUuids);
}, 240_000);

afterAll(async () => {
  await node?.close();
  for (const h of hosts) await h.stop();
  for (const vg of groups) {
    try {
      lvm('vgremove', '-f', vg);
    } catch {
      // never made, or gone
    }
  }
  for (const loop of loops) {
    try {
      lvm('pvremove', '-ff', '-y', loop);
    } catch {
      // not a physical volume
    }
    execFileSync('losetup', ['-d', loop]);
  }
  rmSync(scratch, { recursive: true, force: true });
});

const candidates = async () => (await api.call('GET', `/v1/primary-storage/sharedblockgroup/sharedblock-candidates?clusterUuid=${clusterUuid}`)).body.results as { wwid: string; size: number; type: string }[];
const group = async (uuid: string) => (await api.call('GET', `/v1/primary-storage/sharedblockgroup?q=uuid=${uuid}`)).body.inventories[0];
const hostRefs = async (uuid: string) =>
  (await api.call('GET', `/v1/sharedblock-group/host-refs?q=primaryStorageUuid=${uuid}&sort=%2BhostId`)).body.inventories as { hostUuid: string; hostId: number; status: string }[];
const sharedBlockRows = async (uuid: string) => (await api.call('GET', `/v1/sharedblock-group/sharedblocks?q=sharedBlockGroupUuid=${uuid}`)).body.inventories as { diskUuid: string; status: string }[];
const blockUuid = async (diskUuid: string) => (await api.call('GET', `/v1/sharedblock-group/sharedblocks?q=diskUuid=${diskUuid}`)).body.inventories[0].uuid as string;
const refresh = async (uuid: string, diskUuid: string) =>
  api.run('POST', `/v1/primary-storage/sharedblockgroup/${uuid}/sharedblocks/${await blockUuid(diskUuid)}`, { params: {} }, {}, 60_000);
const addDisk = (uuid: string, diskUuid: string) => api.run('POST', `/v1/primary-storage/sharedblockgroup/${uuid}/sharedblocks`, { params: { diskUuid } }, {}, 60_000);

describe('a Shared Block group over loop-device LUNs on a cluster of two hosts', () => {
  let psUuid: string;

  it('offers the blank disks every host sees as candidates', async () => {
    const found = await candidates();
    for (const loop of loops) expect(found).toContainEqual(expect.objectContaining({ wwid: loop, type: 'loop', size: 64 * MiB }));
  });

  it('is added over two LUNs without touching the hosts, then attached: capacity is what vgs reports, both hosts Connected', async () => {
    const added = await api.run('POST', '/v1/primary-storage/sharedblockgroup', { params: { name: 'sblk-1', zoneUuid, diskUuids: [loops[0], loops[1]] } });
    expect(added.body.error).toBeUndefined();
    expect(added.status).toBe(200);
    expect(added.body.inventory).toMatchObject({ type: 'SharedBlock', state: 'Enabled', totalCapacity: 0, attachedClusterUuids: [] });
    psUuid = added.body.inventory.uuid;
    groups.push(psUuid);
    expect(() => vgs(psUuid)).toThrow();

    const attached = await api.run('POST', `/v1/clusters/${clusterUuid}/primary-storage/${psUuid}`, {}, {}, 60_000);
    expect(attached.status).toBe(200);
    expect(attached.body.inventory).toMatchObject({ status: 'Connected', attachedClusterUuids: [clusterUuid] });

    const [size, free] = vgs(psUuid);
    expect(size).toBeGreaterThan(100 * MiB);
    const inv = await group(psUuid);
    expect(inv).toMatchObject({ totalCapacity: size, totalPhysicalCapacity: size, availablePhysicalCapacity: free, availableCapacity: free, sharedBlockGroupType: 'LvmVolumeGroupBasic', mountPath: `/dev/${psUuid}` });
    expect(inv.sharedBlocks.map((b: { diskUuid: string }) => b.diskUuid)).toEqual([loops[0], loops[1]]);

    const refs = await hostRefs(psUuid);
    expect(refs.map((r) => [r.hostUuid, r.status]).sort()).toEqual(hostUuids.map((h) => [h, 'Connected']).sort());
    expect(refs.map((r) => r.hostId).sort()).toEqual([1, 2]);
    const rows = await sharedBlockRows(psUuid);
    expect(rows.every((r) => r.status === 'Connected')).toBe(true);
    // The LUNs are no longer candidates; the third still is.
    const left = (await candidates()).map((c) => c.wwid);
    expect(left).toContain(loops[2]);
    expect(left).not.toContain(loops[0]);
    expect(left).not.toContain(loops[1]);
  });

  it('grows by a third LUN, still equal to vgs', async () => {
    const [before] = vgs(psUuid);
    const grown = await addDisk(psUuid, loops[2]);
    expect(grown.status).toBe(200);
    expect(grown.body.inventory.sharedBlocks).toHaveLength(3);
    const [size, free] = vgs(psUuid);
    expect(size).toBe(before + pvSize(loops[2]));
    expect(await group(psUuid)).toMatchObject({ totalCapacity: size, availablePhysicalCapacity: free });
    const refreshed = await refresh(psUuid, loops[2]);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.inventory.totalCapacity).toBe(size);
  });

  it('shows a host that cannot read the group as Disconnected, the other Connected, and both again once it can', async () => {
    // The second host's account loses its sudo rights: its agent's vgs is refused.
    const sudoers = `/etc/sudoers.d/${hosts[1].username}`;
    rmSync(sudoers);
    try {
      const failed = await refresh(psUuid, loops[0]);
      expect(failed.status).toBe(503);
      expect(failed.body.error.details).toMatch(/sblk-host-2/);
      const refs = await hostRefs(psUuid);
      expect(Object.fromEntries(refs.map((r) => [r.hostUuid, r.status]))).toEqual({ [hostUuids[0]]: 'Connected', [hostUuids[1]]: 'Disconnected' });
    } finally {
      writeFileSync(sudoers, `${hosts[1].username} ALL=(root) NOPASSWD: ${LVM_TOOLS.join(', ')}\n`, { mode: 0o440 });
    }
    const again = await api.run('PUT', `/v1/primary-storage/${psUuid}/actions`, { reconnectPrimaryStorage: {} }, {}, 60_000);
    expect(again.status).toBe(200);
    expect((await hostRefs(psUuid)).map((r) => r.status)).toEqual(['Connected', 'Connected']);
  });

  it('refuses a disk no host has, and a disk of another group, leaving no row and no volume group', async () => {
    const missing = await addDisk(psUuid, '/dev/no-such-lun');
    expect(missing.status).toBe(503);
    expect(missing.body.error.details).toMatch(/has no disk \/dev\/no-such-lun/);
    expect((await sharedBlockRows(psUuid)).map((r) => r.diskUuid)).not.toContain('/dev/no-such-lun');

    const twice = await api.run('POST', '/v1/primary-storage/sharedblockgroup', { params: { name: 'sblk-2', zoneUuid, diskUuids: [loops[1]] } });
    expect(twice.status).toBe(503);
    expect(twice.body.error.details).toContain(`disk ${loops[1]} is in shared block group ${psUuid} already`);
    expect((await api.call('GET', '/v1/primary-storage/sharedblockgroup?q=name=sblk-2')).body.inventories).toEqual([]);

    const duplicate = await api.run('POST', '/v1/primary-storage/sharedblockgroup', { params: { name: 'sblk-3', zoneUuid, diskUuids: ['/dev/x', '/dev/x'] } });
    // A check that runs in the job ends it with 503 (docs/rest.md); the code says it was the argument.
    expect(duplicate.status).toBe(503);
    expect(duplicate.body.error.code).toBe('SYS.1007');
    expect(duplicate.body.error.details).toMatch(/names disk \/dev\/x twice/);
  });

  it('a group whose disk one host lacks fails to attach and leaves no attachment and no volume group', async () => {
    const added = await api.run('POST', '/v1/primary-storage/sharedblockgroup', { params: { name: 'sblk-4', zoneUuid, diskUuids: ['/dev/no-such-lun'] } });
    expect(added.status).toBe(200);
    const uuid = added.body.inventory.uuid;
    const attached = await api.run('POST', `/v1/clusters/${clusterUuid}/primary-storage/${uuid}`, {}, {}, 60_000);
    expect(attached.status).toBe(503);
    expect(attached.body.error.details).toMatch(/failed on 2 of 2 hosts/);
    expect((await group(uuid)).attachedClusterUuids).toEqual([]);
    expect(await hostRefs(uuid)).toEqual([]);
    expect(() => vgs(uuid)).toThrow();
    expect((await api.run('DELETE', `/v1/primary-storage/${uuid}`, undefined, {}, 60_000)).status).toBe(200);
    expect((await api.call('GET', `/v1/sharedblock-group/sharedblocks?q=sharedBlockGroupUuid=${uuid}`)).body.inventories).toEqual([]);
  });
});
