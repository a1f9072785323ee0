// ZStack's message API (`POST /zstack/api`), as zstack-cli speaks it through zstack-
// utility's apibinding (test/support/zstack-apibinding.ts): every implemented API, async
// ones polled to the end, sync ones and queries answered at once, login and logout, and
// errors that zstack-cli can read (state Done, success false). No answer holds a null.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_APIS, apiByName, MESSAGE_NAMES } from '#contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementedApiNames } from '../apps/management/src/api/commands.js';
import { absentResourceParams, WIRE_LAYER_CODES } from './support/absent-resource-params.js';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { startTgtd, type Tgtd } from './support/tgtd.js';
import { ApiBinding, type MessageResult } from './support/zstack-apibinding.js';
import { send } from './support/zstack-sdks.js';

let node: RunningNode;
let cli: ApiBinding;
let host: TestHost | undefined;
let tgtd: Tgtd | undefined;
let session: string;
const called = new Set<string>();

beforeAll(async () => {
  node = await startEmbeddedNode({ ZSTACK_KVM_LIBVIRT_URI: 'test:///default' });
  cli = new ApiBinding(node.url);
});

afterAll(async () => {
  await node?.stop();
  await host?.stop();
  tgtd?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// Where the test host keeps local and shared mount point storage (any user may write there).
const scratch = mkdtempSync(join(tmpdir(), 'zstack-msgapi-ps-'));
const MiB = 1024 * 1024;
const IQN = 'iqn.2026-11.org.zstack.test:message-api';

const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');

/** Sends API `name` the way zstack-cli does, with the session, and records it as covered. */
async function call(name: string, fields: Record<string, unknown>): Promise<MessageResult> {
  called.add(name);
  return cli.call(MESSAGE_NAMES[name].message, { ...fields, session: { uuid: session } });
}

async function succeeds(name: string, fields: Record<string, unknown>): Promise<any> {
  const { name: answerClass, event } = await call(name, fields);
  expect(event.success, `${name}: ${JSON.stringify(event.error)}`).toBe(true);
  expect(answerClass).toBe(MESSAGE_NAMES[name].answer);
  return event;
}

describe('the message and answer class names', () => {
  it('are known for every implemented API, login and logout: events for asynchronous APIs, replies for the rest', () => {
    for (const name of [...implementedApiNames(), 'LogInByAccount', 'LogOut', 'QueryLongJob']) {
      const names = MESSAGE_NAMES[name];
      expect(names?.message, name).toMatch(new RegExp(`^org\\.zstack\\.[a-zA-Z.]+\\.API${name}Msg$`));
      expect(names.answer, name).toMatch(apiByName(name)!.async ? /^org\.zstack\.[a-zA-Z.]+\.API\w+Event$/ : /^org\.zstack\.[a-zA-Z.]+\.API\w+Reply$/);
    }
    expect(MESSAGE_NAMES.CreateZone).toEqual({ message: 'org.zstack.header.zone.APICreateZoneMsg', answer: 'org.zstack.header.zone.APICreateZoneEvent' });
    for (const name of Object.keys(MESSAGE_NAMES)) expect(ALL_APIS.some((a) => a.name === name), name).toBe(true);
    // Inferred from the package of their inventory (message-names.ts): iSCSI and USB devices.
    expect(MESSAGE_NAMES.AddIscsiServer.message).toBe('org.zstack.storage.device.iscsi.APIAddIscsiServerMsg');
    expect(MESSAGE_NAMES.QueryUsbDevice.answer).toBe('org.zstack.usbDevice.APIQueryUsbDeviceReply');
  });
});

describe('sessions', () => {
  it('logs in with APILogInByAccountMsg, "session": {} and the SHA-512 hex of the password', async () => {
    const { name, event, answers } = await cli.call('org.zstack.header.identity.APILogInByAccountMsg', { accountName: 'admin', password: sha512('password'), session: {}, timeout: 15000 });
    expect(answers).toHaveLength(1);
    expect(answers[0].body.state).toBe('Done');
    expect(name).toBe('org.zstack.header.identity.APILogInReply');
    expect(event).toMatchObject({ success: true, inventory: { uuid: expect.stringMatching(/^[0-9a-f]{32}$/), accountUuid: expect.any(String) } });
    session = event.inventory.uuid;
  });

  it('a wrong password: Done, success false, ID.1000', async () => {
    const { event } = await cli.call('org.zstack.header.identity.APILogInByAccountMsg', { accountName: 'admin', password: sha512('wrong'), session: {} });
    expect(event).toMatchObject({ success: false, error: { code: 'ID.1000' } });
  });

  it('a login without its password: Done, success false, SYS.1007 naming it', async () => {
    const { event } = await cli.call('org.zstack.header.identity.APILogInByAccountMsg', { accountName: 'admin', session: {} });
    expect(event).toMatchObject({ success: false, error: { code: 'SYS.1007', details: expect.stringMatching(/password/) } });
  });

  it('no session or an unknown one: Done, success false, ID.1001', async () => {
    for (const s of [undefined, { uuid: 'f'.repeat(32) }]) {
      const { event } = await cli.call(MESSAGE_NAMES.CreateZone.message, { name: 'never', session: s });
      expect(event).toMatchObject({ success: false, error: { code: 'ID.1001' } });
    }
  });
});

describe('every implemented API', () => {
  let zone: string;
  let cluster: string;
  let hostUuid: string;

  it('zones: an asynchronous create answers Processing, then the event with the inventory (no null fields)', async () => {
    const created = await call('CreateZone', { name: 'mz1', userTags: ['from-cli'] });
    expect(created.answers[0].body).toMatchObject({ uuid: expect.stringMatching(/^[0-9a-f]{32}$/), state: 'Processing' });
    expect(created.answers.at(-1)!.body.state).toBe('Done');
    expect(created.name).toBe('org.zstack.header.zone.APICreateZoneEvent');
    expect(created.event).toMatchObject({ success: true, apiId: created.answers[0].body.uuid, inventory: { name: 'mz1', state: 'Enabled' } });
    expect(created.event.inventory).not.toHaveProperty('description'); // null in the inventory: left out
    zone = created.event.inventory.uuid;
    expect((await succeeds('UpdateZone', { uuid: zone, name: 'mz1-renamed', description: 'from the message API' })).inventory.description).toBe('from the message API');
    expect((await succeeds('ChangeZoneState', { uuid: zone, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await succeeds('ChangeZoneState', { uuid: zone, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
  });

  it('queries carry conditions as [{name, op, value}] and the CLI\'s text values (count=true, limit=1)', async () => {
    const byName = await succeeds('QueryZone', { conditions: [{ name: 'name', op: '=', value: 'mz1-renamed' }] });
    expect(byName.inventories.map((z: any) => z.uuid)).toEqual([zone]);
    expect((await succeeds('QueryZone', { conditions: [{ name: 'name', op: 'like', value: 'mz%' }], count: 'true' })).total).toBe(1);
    const page = await succeeds('QueryZone', { conditions: [{ name: 'uuid', op: 'in', value: zone }, { name: 'description', op: 'is not null' }], replyWithCount: true, limit: '1', start: 0, sortBy: 'name', sortDirection: 'desc' });
    expect(page).toMatchObject({ total: 1, inventories: [{ uuid: zone }] });
    expect((await succeeds('QueryZone', { conditions: [{ name: '__userTag__', op: '=', value: 'from-cli' }] })).inventories).toHaveLength(1);
  });

  it('clusters, and the synchronous APIs answered with their reply at once', async () => {
    cluster = (await succeeds('CreateCluster', { zoneUuid: zone, name: 'mc1', hypervisorType: 'KVM' })).inventory.uuid;
    expect((await succeeds('UpdateCluster', { uuid: cluster, name: 'mc1-renamed' })).inventory.name).toBe('mc1-renamed');
    expect((await succeeds('ChangeClusterState', { uuid: cluster, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await succeeds('ChangeClusterState', { uuid: cluster, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
    expect((await succeeds('QueryCluster', { conditions: [{ name: 'zone.name', op: '=', value: 'mz1-renamed' }] })).inventories.map((c: any) => c.uuid)).toEqual([cluster]);
    const types = await call('GetHypervisorTypes', {});
    expect(types.answers).toHaveLength(1);
    expect(types.event.hypervisorTypes).toContain('KVM');
    expect((await succeeds('GetHostAllocatorStrategies', {})).strategies).toContain('DefaultHostAllocatorStrategy');
  });

  it('a KVM host over real SSH, its values sent as the CLI sends them (text)', async () => {
    host = await startTestHost();
    const added = await succeeds('AddKVMHost', { name: 'mh1', managementIp: host.ip, username: host.username, password: host.password, sshPort: String(host.sshPort), clusterUuid: cluster });
    hostUuid = added.inventory.uuid;
    expect(added.inventory.status).toBe('Connected');
    expect((await succeeds('QueryHost', { conditions: [{ name: 'managementIp', op: '=', value: host.ip }] })).inventories[0].uuid).toBe(hostUuid);
    expect((await succeeds('UpdateHost', { uuid: hostUuid, name: 'mh1-renamed' })).inventory.name).toBe('mh1-renamed');
    expect((await succeeds('UpdateKVMHost', { uuid: hostUuid, description: 'kvm' })).inventory.description).toBe('kvm');
    expect((await succeeds('ChangeHostState', { uuid: hostUuid, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await succeeds('ChangeHostState', { uuid: hostUuid, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
    await succeeds('ReconnectHost', { uuid: hostUuid });
    expect((await succeeds('KvmRunShell', { hostUuids: hostUuid, script: 'echo from-cli' })).inventory[hostUuid].stdout).toContain('from-cli');
    const [device] = (await succeeds('QueryPciDevice', { conditions: [{ name: 'hostUuid', op: '=', value: hostUuid }] })).inventories;
    expect((await succeeds('UpdatePciDevice', { uuid: device.uuid, description: 'from the cli' })).inventory.description).toBe('from the cli');
    const offering = (await succeeds('CreatePciDeviceOffering', { name: 'mo1', vendorId: device.vendorId, deviceId: device.deviceId })).inventory;
    const matches = await succeeds('QueryPciDevicePciDeviceOffering', { conditions: [{ name: 'pciDeviceOfferingUuid', op: '=', value: offering.uuid }] });
    expect(matches.inventories).toContainEqual({ pciDeviceUuid: device.uuid, pciDeviceOfferingUuid: offering.uuid });
    expect((await succeeds('QueryPciDeviceOffering', { conditions: [{ name: 'uuid', op: '=', value: offering.uuid }] })).inventories[0].name).toBe('mo1');
    await succeeds('DeletePciDeviceOffering', { uuid: offering.uuid });
    await succeeds('DeletePciDevice', { uuid: device.uuid });
    expect((await succeeds('GetHostIommuStatus', { uuid: hostUuid })).status).toMatch(/^(Active|Inactive)$/);
    expect((await succeeds('GetHostIommuState', { uuid: hostUuid })).state).toMatch(/^(Enabled|Disabled)$/);
    // This machine boots without GRUB (docs/devices.md): the edit is refused, naming the file.
    const iommu = await call('UpdateHostIommuState', { uuid: hostUuid, state: 'Enabled' });
    expect(iommu.event).toMatchObject({ success: false, error: { details: expect.stringMatching(/\/etc\/default\/grub/) } });
  });

  it('USB devices: this machine has none, so the host has none, and an update of an unknown one fails naming it', async () => {
    expect((await succeeds('QueryUsbDevice', { conditions: [{ name: 'hostUuid', op: '=', value: hostUuid }] })).inventories).toEqual([]);
    const unknown = 'e'.repeat(32);
    const update = await call('UpdateUsbDevice', { uuid: unknown, name: 'dongle' });
    expect(update.answers.at(-1)!.body.state).toBe('Done');
    expect(update.event).toMatchObject({ success: false, error: { details: expect.stringContaining(unknown) } });
  });

  it('primary storage: local storage in a directory of the host, attached, measured, changed, detached, deleted', async () => {
    chmodSync(scratch, 0o1777);
    expect((await succeeds('GetPrimaryStorageTypes', {})).types).toEqual(expect.arrayContaining(['LocalStorage', 'SharedMountPoint', 'NFS']));
    expect((await succeeds('GetPrimaryStorageAllocatorStrategies', {})).strategies.length).toBeGreaterThan(0);
    const ps = (await succeeds('AddLocalPrimaryStorage', { name: 'mps-local', url: join(scratch, 'local'), zoneUuid: zone })).inventory.uuid;
    const attached = await succeeds('AttachPrimaryStorageToCluster', { primaryStorageUuid: ps, clusterUuid: cluster });
    expect(attached.inventory).toMatchObject({ status: 'Connected', attachedClusterUuids: [cluster] });
    expect(attached.inventory.totalCapacity).toBeGreaterThan(0);
    const [share] = (await succeeds('GetLocalStorageHostDiskCapacity', { primaryStorageUuid: ps, hostUuid })).inventories;
    expect(share).toMatchObject({ hostUuid, totalCapacity: attached.inventory.totalCapacity });
    expect((await succeeds('QueryLocalStorageResourceRef', { conditions: [{ name: 'primaryStorageUuid', op: '=', value: ps }] })).inventories).toEqual([]);
    expect((await succeeds('QueryPrimaryStorage', { conditions: [{ name: 'cluster.uuid', op: '=', value: cluster }] })).inventories.map((p: any) => p.uuid)).toEqual([ps]);
    expect((await succeeds('GetPrimaryStorageCapacity', { primaryStorageUuids: ps })).totalCapacity).toBe(attached.inventory.totalCapacity);
    expect((await succeeds('SyncPrimaryStorageCapacity', { primaryStorageUuid: ps })).inventory.totalCapacity).toBe(attached.inventory.totalCapacity);
    expect((await succeeds('ChangePrimaryStorageState', { uuid: ps, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await succeeds('ChangePrimaryStorageState', { uuid: ps, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
    expect((await succeeds('UpdatePrimaryStorage', { uuid: ps, name: 'mps-local-renamed' })).inventory.name).toBe('mps-local-renamed');
    expect((await succeeds('ReconnectPrimaryStorage', { uuid: ps })).inventory.status).toBe('Connected');
    expect((await succeeds('DetachPrimaryStorageFromCluster', { primaryStorageUuid: ps, clusterUuid: cluster })).inventory.attachedClusterUuids).toEqual([]);
    await succeeds('DeletePrimaryStorage', { uuid: ps });
    expect((await succeeds('QueryPrimaryStorage', { conditions: [{ name: 'uuid', op: '=', value: ps }], count: 'true' })).total).toBe(0);
  });

  it('primary storage: a shared mount point, and an NFS storage whose mount fails here (no nfsd in this container)', async () => {
    mkdirSync(join(scratch, 'smp'), { mode: 0o1777 });
    chmodSync(join(scratch, 'smp'), 0o1777);
    const smp = (await succeeds('AddSharedMountPointPrimaryStorage', { name: 'mps-smp', url: join(scratch, 'smp'), zoneUuid: zone })).inventory;
    expect(smp).toMatchObject({ type: 'SharedMountPoint', url: join(scratch, 'smp') });
    expect((await succeeds('AttachPrimaryStorageToCluster', { primaryStorageUuid: smp.uuid, clusterUuid: cluster })).inventory.status).toBe('Connected');
    await succeeds('DeletePrimaryStorage', { uuid: smp.uuid });
    mkdirSync('/opt/zstack/nfsprimarystorage', { recursive: true });
    chmodSync('/opt/zstack/nfsprimarystorage', 0o1777);
    const nfs = (await succeeds('AddNfsPrimaryStorage', { name: 'mps-nfs', url: '127.0.0.1:/export/msgapi', zoneUuid: zone })).inventory;
    expect(nfs).toMatchObject({ type: 'NFS', url: '127.0.0.1:/export/msgapi' });
    const mount = await call('AttachPrimaryStorageToCluster', { primaryStorageUuid: nfs.uuid, clusterUuid: cluster });
    expect(mount.answers.at(-1)!.body.state).toBe('Done');
    expect(mount.event).toMatchObject({ success: false, error: { details: expect.stringMatching(/mounting 127.0.0.1:\/export\/msgapi on .* failed on 1 of 1 hosts/) } });
    rmSync(`/opt/zstack/nfsprimarystorage/prim-${nfs.uuid}`, { recursive: true, force: true });
    await succeeds('DeletePrimaryStorage', { uuid: nfs.uuid });
  });

  it('an iSCSI server (a real tgtd) discovered by the host, refreshed, updated, attached, detached, deleted', async () => {
    tgtd = await startTgtd(IQN);
    tgtd.addLun(1, 16);
    const server = (await succeeds('AddIscsiServer', { name: 'mtgt', ip: '127.0.0.1', port: String(tgtd.port) })).inventory;
    expect(server.iscsiTargets.map((t: any) => t.iqn)).toEqual([IQN]);
    expect((await succeeds('QueryIscsiServer', { conditions: [{ name: 'uuid', op: '=', value: server.uuid }] })).inventories[0].port).toBe(tgtd.port);
    tgtd.addLun(2, 8);
    const refreshed = (await succeeds('RefreshIscsiServer', { uuid: server.uuid })).inventory;
    expect(refreshed.iscsiTargets.flatMap((t: any) => t.iscsiLuns.map((l: any) => l.size))).toEqual([16 * MiB, 8 * MiB]);
    const lunSizes = await succeeds('QueryIscsiLun', { conditions: [{ name: 'iscsiTarget.iqn', op: '=', value: IQN }], sortBy: 'size', sortDirection: 'asc' });
    expect(lunSizes.inventories.map((l: any) => l.size)).toEqual([8 * MiB, 16 * MiB]);
    expect((await succeeds('UpdateIscsiServer', { uuid: server.uuid, name: 'mtgt-renamed' })).inventory.name).toBe('mtgt-renamed');
    const attached = await succeeds('AttachIscsiServerToCluster', { uuid: server.uuid, clusterUuid: cluster });
    expect(attached.inventory.iscsiClusterRefs.map((r: any) => r.clusterUuid)).toEqual([cluster]);
    expect((await succeeds('DetachIscsiServerFromCluster', { uuid: server.uuid, clusterUuid: cluster })).inventory.iscsiClusterRefs).toEqual([]);
    await succeeds('DeleteIscsiServer', { uuid: server.uuid });
    expect((await succeeds('QueryIscsiLun', { conditions: [], count: 'true' })).total).toBe(0);
  }, 180_000);

  it('UpdateClusterOS on a cluster without hosts, then the deletes', async () => {
    const empty = (await succeeds('CreateCluster', { zoneUuid: zone, name: 'mc-empty', hypervisorType: 'KVM' })).inventory.uuid;
    expect((await succeeds('UpdateClusterOS', { uuid: empty, excludePackages: 'kernel,qemu' })).inventory.targetResourceUuid).toBe(empty);
    await succeeds('DeleteHost', { uuid: hostUuid });
    await succeeds('DeleteCluster', { uuid: empty, deleteMode: 'Enforcing' });
    await succeeds('DeleteCluster', { uuid: cluster });
    await succeeds('DeleteZone', { uuid: zone });
    expect((await succeeds('QueryZone', { conditions: [], count: true })).total).toBe(0);
  });

  it('operators see the jobs: QueryLongJob', async () => {
    expect((await succeeds('QueryLongJob', { conditions: [{ name: 'state', op: '=', value: 'Succeeded' }], count: 'true' })).total).toBeGreaterThan(10);
  });

  it('every other implemented API, sent as zstack-cli sends it, about resources that do not exist, is answered by its own handler', async () => {
    const wrong: string[] = [];
    for (const name of [...implementedApiNames()].filter((n) => !called.has(n)).sort()) {
      const { name: answerClass, event } = await call(name, absentResourceParams(apiByName(name)!));
      if (answerClass !== MESSAGE_NAMES[name].answer) wrong.push(`${name} answered as ${answerClass}`);
      else if (!event.success && WIRE_LAYER_CODES.test(event.error.code)) wrong.push(`${name}: ${JSON.stringify(event.error)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has called every implemented API', () => {
    for (const name of implementedApiNames()) expect(called, name).toContain(name);
  });
});

describe('errors zstack-cli can read: state Done, success false', () => {
  it('a parameter error of an asynchronous API ends its job with SYS.1007 naming the part, writing nothing', async () => {
    const failed = await call('CreateCluster', { zoneUuid: 'a'.repeat(32), name: 'never', hypervisorType: 'Xen' });
    expect(failed.answers[0].body.state).toBe('Processing');
    expect(failed.event).toMatchObject({ success: false, error: { code: 'SYS.1007', details: expect.stringMatching(/hypervisorType/) } });
    expect((await succeeds('QueryCluster', { conditions: [{ name: 'name', op: '=', value: 'never' }], count: true })).total).toBe(0);
  });

  it('a bad query condition: the reply fails with SYS.1007', async () => {
    const { event } = await call('QueryZone', { conditions: [{ name: 'colour', op: '=', value: 'red' }] });
    expect(event).toMatchObject({ success: false, error: { code: 'SYS.1007', details: expect.stringMatching(/colour/) } });
  });

  it('an unknown message, a body that is not JSON, an unknown job: answers that still carry state', async () => {
    for (const [body, pattern] of [['{"org.zstack.header.zone.APIPaintZoneMsg": {}}', /APIPaintZoneMsg/], ['{"org.zstack', /JSON/]] as const) {
      const answer = await cli.raw(body);
      expect(answer.status).toBe(400);
      expect(answer.body.state).toBe('Done');
      const [, event] = Object.entries(JSON.parse(answer.body.result))[0] as [string, any];
      expect(event).toMatchObject({ success: false, error: { code: 'SYS.1007', details: expect.stringMatching(pattern) } });
      expect(answer.body.result).not.toContain('null');
    }
    const unknown = await send('GET', `${node.url}/zstack/api/result/${'0'.repeat(32)}`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.state).toBe('Done');
    expect(JSON.parse(unknown.body.result)).toMatchObject({ 'org.zstack.header.message.APIReply': { success: false, error: { code: 'SYS.1003' } } });
  });

  it('logs out with APILogOutMsg: the session stops working', async () => {
    const { name, event } = await call('LogOut', { sessionUuid: session });
    expect(name).toBe('org.zstack.header.identity.APILogOutReply');
    expect(event.success).toBe(true);
    expect((await call('QueryZone', { conditions: [] })).event).toMatchObject({ success: false, error: { code: 'ID.1001' } });
  });
});
