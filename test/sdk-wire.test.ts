// ZStack's own SDKs drive every implemented API unchanged (issue 16): each API is called
// with the request shape of ZStack's Python SDK and of its Java SDK (test/support/
// zstack-sdks.ts, rebuilt from their public source), against a real management node, with
// a real host over SSH for the host APIs. Then the three places where this server was
// stricter than ZStack's RestServer, one by one, and where parameter errors now arrive.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiByName } from '#contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementedApiNames } from '../apps/management/src/api/commands.js';
import { absentResourceParams, WIRE_LAYER_CODES } from './support/absent-resource-params.js';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { startTgtd, type Tgtd } from './support/tgtd.js';
import { JavaSdk, PythonSdk, type SdkAction, type SdkAnswer, send, type ZStackSdk } from './support/zstack-sdks.js';

let node: RunningNode;
const hosts: TestHost[] = [];
const targets: Tgtd[] = [];
// Where the test hosts keep local and shared mount point storage (any user may write there).
const scratch = mkdtempSync(join(tmpdir(), 'zstack-sdk-ps-'));
const MiB = 1024 * 1024;

beforeAll(async () => {
  node = await startEmbeddedNode({ ZSTACK_KVM_LIBVIRT_URI: 'test:///default' });
});

afterAll(async () => {
  await node?.stop();
  for (const h of hosts) await h.stop();
  for (const t of targets) t.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');

/** LogInByAccountAction of either SDK: `PUT /v1/accounts/login`, no session. */
async function sdkLogin(extraHeaders: Record<string, string>): Promise<string> {
  const body = JSON.stringify({ logInByAccount: { accountName: 'admin', password: sha512('password') } });
  const answer = await send('PUT', `${node.url}/zstack/v1/accounts/login`, { 'X-Job-UUID': 'f'.repeat(32), 'Content-Type': 'application/json', ...extraHeaders }, body);
  expect(answer.status).toBe(200);
  return answer.body.inventory.uuid;
}

const SDKS: [string, () => Promise<ZStackSdk>][] = [
  ['Python', async () => new PythonSdk(node.url, await sdkLogin({ Connection: 'close' }))],
  ['Java', async () => new JavaSdk(node.url, await sdkLogin({ 'X-JSON-Schema': 'true' }))],
];

describe.each(SDKS)('%s SDK request shapes drive every implemented API', (which, open) => {
  let sdk: ZStackSdk;
  const called = new Set<string>();
  const java = which === 'Java';
  const call = (api: string, params: Record<string, unknown>, extra: Omit<SdkAction, 'api' | 'params'> = {}): Promise<SdkAnswer> => {
    called.add(api);
    return sdk.call({ api: apiByName(api)!, params, ...extra });
  };
  const ok = async (api: string, params: Record<string, unknown>, extra: Omit<SdkAction, 'api' | 'params'> = {}): Promise<any> => {
    const answer = await call(api, params, extra);
    expect(answer.status, `${api}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body;
  };
  // Java's generated Delete*Action sends deleteMode=Permissive unless told otherwise.
  const deleteParams = (uuid: string) => (java ? { uuid, deleteMode: 'Permissive' } : { uuid });
  let zone: string;
  let cluster: string;
  let host: string;

  beforeAll(async () => {
    sdk = await open();
  });

  it('zones: create (tags and tagUuids inside the body key), update, change state, query with count', async () => {
    const created = await ok('CreateZone', { name: `zone-${which}`, description: 'by the SDK', tagUuids: [], userTags: [`sdk-${which}`] });
    zone = created.inventory.uuid;
    expect((await ok('QueryZone', {}, { conditions: [`__userTag__=sdk-${which}`] })).inventories.map((z: any) => z.uuid)).toEqual([zone]);
    expect((await ok('UpdateZone', { uuid: zone, name: `zone-${which}-renamed` })).inventory.name).toBe(`zone-${which}-renamed`);
    expect((await ok('ChangeZoneState', { uuid: zone, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await ok('ChangeZoneState', { uuid: zone, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
    expect(await ok('QueryZone', {}, { conditions: [`uuid=${zone}`], query: { count: true } })).toEqual({ total: 1 });
    const page = await ok('QueryZone', {}, { conditions: [`name=zone-${which}-renamed`], query: { replyWithCount: true, limit: 10, start: 0, sortBy: 'name', sortDirection: 'asc' } });
    expect(page.total).toBe(1);
    expect(page.inventories[0].uuid).toBe(zone);
  });

  it('clusters: create, update, change state, query', async () => {
    cluster = (await ok('CreateCluster', { zoneUuid: zone, name: `cluster-${which}`, hypervisorType: 'KVM', tagUuids: [] })).inventory.uuid;
    expect((await ok('UpdateCluster', { uuid: cluster, name: `cluster-${which}-renamed` })).inventory.name).toBe(`cluster-${which}-renamed`);
    expect((await ok('ChangeClusterState', { uuid: cluster, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await ok('ChangeClusterState', { uuid: cluster, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
    expect((await ok('QueryCluster', {}, { conditions: [`zoneUuid=${zone}`] })).inventories.map((c: any) => c.uuid)).toEqual([cluster]);
  });

  it('the synchronous host APIs', async () => {
    expect((await ok('GetHypervisorTypes', {})).hypervisorTypes).toContain('KVM');
    expect((await ok('GetHostAllocatorStrategies', {})).strategies).toContain('DefaultHostAllocatorStrategy');
  });

  it('a KVM host over real SSH: add, query, update, change state, reconnect, run a shell, its PCI devices', async () => {
    const h = await startTestHost();
    hosts.push(h);
    const added = await ok('AddKVMHost', { name: `host-${which}`, managementIp: h.ip, username: h.username, password: h.password, sshPort: h.sshPort, clusterUuid: cluster, tagUuids: [] });
    host = added.inventory.uuid;
    expect(added.inventory.status).toBe('Connected');
    expect((await ok('QueryHost', {}, { conditions: [`uuid=${host}`] })).inventories[0].managementIp).toBe(h.ip);
    expect((await ok('UpdateHost', { uuid: host, name: `host-${which}-renamed` })).inventory.name).toBe(`host-${which}-renamed`);
    expect((await ok('UpdateKVMHost', { uuid: host, description: 'updated by the SDK' })).inventory.description).toBe('updated by the SDK');
    expect((await ok('ChangeHostState', { uuid: host, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await ok('ChangeHostState', { uuid: host, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
    await ok('ReconnectHost', { uuid: host });
    expect((await ok('QueryHost', {}, { conditions: [`uuid=${host}`] })).inventories[0].status).toBe('Connected');
    const shell = await ok('KvmRunShell', { hostUuids: [host], script: `echo ran-by-${which}` });
    expect(shell.inventory[host].stdout).toContain(`ran-by-${which}`);
    expect(Array.isArray((await ok('QueryPciDevice', {}, { conditions: [`hostUuid=${host}`] })).inventories)).toBe(true);
  });

  it('the PCI devices of the host, a PCI offering, IOMMU (refused here: no GRUB on this machine)', async () => {
    const [device] = (await ok('QueryPciDevice', {}, { conditions: [`hostUuid=${host}`] })).inventories;
    expect((await ok('UpdatePciDevice', { uuid: device.uuid, description: `by ${which}` })).inventory.description).toBe(`by ${which}`);
    const offering = (await ok('CreatePciDeviceOffering', { name: `offering-${which}`, vendorId: device.vendorId, deviceId: device.deviceId })).inventory;
    expect((await ok('QueryPciDevicePciDeviceOffering', {}, { conditions: [`pciDeviceOfferingUuid=${offering.uuid}`] })).inventories).toContainEqual({ pciDeviceUuid: device.uuid, pciDeviceOfferingUuid: offering.uuid });
    expect((await ok('QueryPciDeviceOffering', {}, { conditions: [`uuid=${offering.uuid}`] })).inventories[0].name).toBe(`offering-${which}`);
    await ok('DeletePciDeviceOffering', deleteParams(offering.uuid));
    await ok('DeletePciDevice', deleteParams(device.uuid));
    expect((await ok('GetHostIommuStatus', { uuid: host })).status).toMatch(/^(Active|Inactive)$/);
    expect((await ok('GetHostIommuState', { uuid: host })).state).toMatch(/^(Enabled|Disabled)$/);
    const iommu = await call('UpdateHostIommuState', { uuid: host, state: 'Enabled' });
    expect(iommu.status).toBe(503);
    expect(iommu.body.error.details).toMatch(/\/etc\/default\/grub/);
  });

  it('USB devices: none on this machine, and an update of an unknown one fails naming it', async () => {
    expect((await ok('QueryUsbDevice', {}, { conditions: [`hostUuid=${host}`] })).inventories).toEqual([]);
    const update = await call('UpdateUsbDevice', { uuid: 'e'.repeat(32), name: 'dongle' });
    expect(update.status).not.toBe(200);
    expect(update.body.error.details).toContain('e'.repeat(32));
  });

  it('primary storage: local storage and a shared mount point in directories of the host, NFS whose mount fails here', async () => {
    const dir = join(scratch, which);
    for (const sub of ['', 'local', 'smp']) mkdirSync(join(dir, sub), { recursive: true });
    for (const sub of ['', 'local', 'smp']) chmodSync(join(dir, sub), 0o1777);
    chmodSync(scratch, 0o755);
    expect((await ok('GetPrimaryStorageTypes', {})).types).toEqual(expect.arrayContaining(['LocalStorage', 'SharedMountPoint', 'NFS']));
    expect((await ok('GetPrimaryStorageAllocatorStrategies', {})).strategies.length).toBeGreaterThan(0);
    const ps = (await ok('AddLocalPrimaryStorage', { name: `local-${which}`, url: join(dir, 'local'), zoneUuid: zone })).inventory.uuid;
    const attached = (await ok('AttachPrimaryStorageToCluster', { primaryStorageUuid: ps, clusterUuid: cluster })).inventory;
    expect(attached).toMatchObject({ status: 'Connected', attachedClusterUuids: [cluster] });
    expect((await ok('GetLocalStorageHostDiskCapacity', { primaryStorageUuid: ps, hostUuid: host })).inventories).toEqual([expect.objectContaining({ hostUuid: host, totalCapacity: attached.totalCapacity })]);
    expect((await ok('QueryLocalStorageResourceRef', {}, { conditions: [`primaryStorageUuid=${ps}`] })).inventories).toEqual([]);
    expect((await ok('QueryPrimaryStorage', {}, { conditions: [`uuid=${ps}`] })).inventories[0].name).toBe(`local-${which}`);
    const capacity = await ok('GetPrimaryStorageCapacity', { primaryStorageUuids: [ps], ...(java ? { all: false } : {}) });
    expect(capacity.totalCapacity).toBe(attached.totalCapacity);
    expect((await ok('SyncPrimaryStorageCapacity', { primaryStorageUuid: ps })).inventory.totalCapacity).toBe(attached.totalCapacity);
    expect((await ok('ChangePrimaryStorageState', { uuid: ps, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
    expect((await ok('UpdatePrimaryStorage', { uuid: ps, name: `local-${which}-renamed` })).inventory.name).toBe(`local-${which}-renamed`);
    expect((await ok('ReconnectPrimaryStorage', { uuid: ps })).inventory.status).toBe('Connected');
    expect((await ok('DetachPrimaryStorageFromCluster', { primaryStorageUuid: ps, clusterUuid: cluster })).inventory.attachedClusterUuids).toEqual([]);
    await ok('DeletePrimaryStorage', deleteParams(ps));
    const smp = (await ok('AddSharedMountPointPrimaryStorage', { name: `smp-${which}`, url: join(dir, 'smp'), zoneUuid: zone })).inventory.uuid;
    expect((await ok('AttachPrimaryStorageToCluster', { primaryStorageUuid: smp, clusterUuid: cluster })).inventory.status).toBe('Connected');
    await ok('DeletePrimaryStorage', deleteParams(smp));
    mkdirSync('/opt/zstack/nfsprimarystorage', { recursive: true });
    chmodSync('/opt/zstack/nfsprimarystorage', 0o1777);
    const nfs = (await ok('AddNfsPrimaryStorage', { name: `nfs-${which}`, url: '127.0.0.1:/export/sdk', zoneUuid: zone })).inventory.uuid;
    const mount = await call('AttachPrimaryStorageToCluster', { primaryStorageUuid: nfs, clusterUuid: cluster });
    expect(mount.status).toBe(503);
    expect(mount.body.error.details).toMatch(/mounting 127.0.0.1:\/export\/sdk on .* failed on 1 of 1 hosts/);
    rmSync(`/opt/zstack/nfsprimarystorage/prim-${nfs}`, { recursive: true, force: true });
    await ok('DeletePrimaryStorage', deleteParams(nfs));
  });

  it('an iSCSI server (a real tgtd) discovered by the host: add, query, refresh, update, attach, detach, delete', async () => {
    const iqn = `iqn.2026-11.org.zstack.test:sdk-${which.toLowerCase()}`;
    const tgtd = await startTgtd(iqn);
    targets.push(tgtd);
    tgtd.addLun(1, 16);
    const server = (await ok('AddIscsiServer', { name: `tgt-${which}`, ip: '127.0.0.1', port: tgtd.port })).inventory;
    expect(server.iscsiTargets.map((t: any) => t.iqn)).toEqual([iqn]);
    expect((await ok('QueryIscsiServer', {}, { conditions: [`uuid=${server.uuid}`] })).inventories[0].port).toBe(tgtd.port);
    tgtd.addLun(2, 8);
    await ok('RefreshIscsiServer', { uuid: server.uuid });
    expect((await ok('QueryIscsiLun', {}, { conditions: [`iscsiTarget.iqn=${iqn}`], query: { sortBy: 'size', sortDirection: 'asc' } })).inventories.map((l: any) => l.size)).toEqual([8 * MiB, 16 * MiB]);
    expect((await ok('UpdateIscsiServer', { uuid: server.uuid, name: `tgt-${which}-renamed` })).inventory.name).toBe(`tgt-${which}-renamed`);
    expect((await ok('AttachIscsiServerToCluster', { uuid: server.uuid, clusterUuid: cluster })).inventory.iscsiClusterRefs.map((r: any) => r.clusterUuid)).toEqual([cluster]);
    expect((await ok('DetachIscsiServerFromCluster', { uuid: server.uuid, clusterUuid: cluster })).inventory.iscsiClusterRefs).toEqual([]);
    await ok('DeleteIscsiServer', deleteParams(server.uuid));
    expect((await ok('QueryIscsiServer', {}, { conditions: [`uuid=${server.uuid}`], query: { count: true } })).total).toBe(0);
  }, 180_000);

  it('ImageStore backup storage and images: add, attach, capacity, import, export, migrate, reclaim, delete', async () => {
    const image = Buffer.from(`an image sent by the ${which} SDK\n`.repeat(4096));
    const files = createServer((_req, res) => void res.writeHead(200, { 'content-length': image.length }).end(image));
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    const imageUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}/image.raw`;
    try {
      const [ha, hb] = [await startTestHost(), await startTestHost()];
      hosts.push(ha, hb);
      expect((await ok('GetBackupStorageTypes', {})).backupStorageTypes).toEqual(['Ceph', 'ImageStore']);
      const store = async (h: TestHost, name: string): Promise<string> =>
        (await ok('AddImageStoreBackupStorage', { name, hostname: h.ip, username: h.username, password: h.password, sshPort: h.sshPort, url: `${h.home}/imagestore` })).inventory.uuid;
      const a = await store(ha, `bs-${which}-a`);
      const b = await store(hb, `bs-${which}-b`);
      for (const bs of [a, b]) await ok('AttachBackupStorageToZone', { zoneUuid: zone, backupStorageUuid: bs });
      expect((await ok('QueryBackupStorage', {}, { conditions: [`zone.uuid=${zone}`] })).inventories).toHaveLength(2);
      expect((await ok('QueryImageStoreBackupStorage', {}, { conditions: [`uuid=${a}`] })).inventories[0].hostname).toBe(ha.ip);
      expect((await ok('GetBackupStorageCapacity', { zoneUuids: [zone] })).totalCapacity).toBeGreaterThan(0);
      expect((await ok('ChangeBackupStorageState', { uuid: b, stateEvent: 'disable' })).inventory.state).toBe('Disabled');
      expect((await ok('ChangeBackupStorageState', { uuid: b, stateEvent: 'enable' })).inventory.state).toBe('Enabled');
      expect((await ok('UpdateBackupStorage', { uuid: b, name: `bs-${which}-b2` })).inventory.name).toBe(`bs-${which}-b2`);
      expect((await ok('UpdateImageStoreBackupStorage', { uuid: b, description: `by the ${which} SDK` })).inventory.description).toBe(`by the ${which} SDK`);
      expect((await ok('ReconnectBackupStorage', { uuid: b })).inventory.status).toBe('Connected');
      expect((await ok('ReconnectImageStoreBackupStorage', { uuid: b })).inventory.status).toBe('Connected');

      const added = (await ok('AddImage', { name: `image-${which}`, url: imageUrl, format: 'raw', backupStorageUuids: [a] })).inventory;
      expect(added).toMatchObject({ size: image.length, md5Sum: createHash('md5').update(image).digest('hex'), status: 'Ready' });
      expect((await ok('QueryImage', {}, { conditions: [`uuid=${added.uuid}`] })).inventories).toHaveLength(1);
      const exported = await ok('ExportImageFromBackupStorage', { backupStorageUuid: a, imageUuid: added.uuid });
      expect(Buffer.from(await (await fetch(exported.imageUrl)).arrayBuffer()).equals(image)).toBe(true);
      await ok('DeleteExportedImageFromBackupStorage', { backupStorageUuid: a, imageUuid: added.uuid });
      expect((await ok('GetBackupStorageCandidatesForImageMigration', { srcBackupStorageUuid: a })).inventories.map((i: { uuid: string }) => i.uuid)).toEqual([b]);
      const migrated = await ok('BackupStorageMigrateImage', { imageUuid: added.uuid, srcBackupStorageUuid: a, dstBackupStorageUuid: b });
      expect(migrated.inventory.backupStorageRefs).toHaveLength(2);
      await ok('DeleteImage', deleteParams(added.uuid));
      await ok('ReclaimSpaceFromImageStore', { uuid: a });
      for (const bs of [a, b]) {
        await ok('DetachBackupStorageFromZone', { zoneUuid: zone, backupStorageUuid: bs });
        await ok('DeleteBackupStorage', deleteParams(bs));
      }
      expect((await ok('QueryBackupStorage', {}, { conditions: [`uuid?=${a},${b}`] })).inventories).toEqual([]);
    } finally {
      files.close();
    }
  });

  it('UpdateClusterOS on a cluster without hosts (Java sends its default force=false)', async () => {
    const empty = (await ok('CreateCluster', { zoneUuid: zone, name: `empty-${which}`, hypervisorType: 'KVM' })).inventory.uuid;
    const updated = await ok('UpdateClusterOS', { uuid: empty, excludePackages: ['kernel'], ...(java ? { force: false } : {}) });
    expect(updated.inventory.targetResourceUuid).toBe(empty);
    await ok('DeleteCluster', deleteParams(empty));
  });

  it('deletes: the host, the cluster, the zone', async () => {
    expect(await ok('DeleteHost', deleteParams(host))).toEqual({});
    expect(await ok('DeleteCluster', deleteParams(cluster))).toEqual({});
    expect(await ok('DeleteZone', deleteParams(zone))).toEqual({});
    expect(await ok('QueryZone', {}, { conditions: [`uuid=${zone}`], query: { count: true } })).toEqual({ total: 0 });
  });

  it('operators see the jobs: QueryLongJob', async () => {
    expect((await ok('QueryLongJob', {}, { conditions: [], query: { count: true } })).total).toBeGreaterThan(10);
  });

  it('every other implemented API, in this SDK\'s shape, about resources that do not exist, is answered by its own handler', async () => {
    const wrong: string[] = [];
    for (const name of [...implementedApiNames()].filter((n) => !called.has(n)).sort()) {
      const answer = await call(name, absentResourceParams(apiByName(name)!));
      const handled = answer.status === 200 || (answer.status === 503 && !WIRE_LAYER_CODES.test(answer.body.error?.code));
      if (!handled) wrong.push(`${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has called every implemented API', () => {
    for (const name of implementedApiNames()) expect(called, name).toContain(name);
  });
});

describe('leniency as ZStack\'s RestServer', () => {
  let session: string;
  const headers = () => ({ Authorization: `OAuth ${session}`, 'Content-Type': 'application/json' });
  const post = (path: string, body: unknown, extra: Record<string, string> = {}) => send(path.includes('/actions') ? 'PUT' : 'POST', `${node.url}/zstack${path}`, { ...headers(), ...extra }, JSON.stringify(body));
  const get = (path: string) => send('GET', `${node.url}/zstack${path}`, headers());
  const poll = async (answer: SdkAnswer): Promise<SdkAnswer> => {
    for (let i = 0; answer.status === 202 && i < 1000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const next = await send('GET', answer.body.location as string, headers());
      if (next.status !== 202) return next;
    }
    return answer;
  };
  const createZone = async (name: string, body: Record<string, unknown> = {}) => (await poll(await post('/v1/zones', { params: { name }, ...body }))).body.inventory;

  beforeAll(async () => {
    session = await sdkLogin({});
  });

  it('a URL variable repeated inside the body key is accepted, and the URL wins', async () => {
    const target = await createZone('url-wins-target');
    const other = await createZone('url-wins-other');
    const done = await poll(await post(`/v1/zones/${target.uuid}/actions`, { updateZone: { uuid: other.uuid, name: 'renamed-by-url' } }));
    expect(done.status).toBe(200);
    expect(done.body.inventory.uuid).toBe(target.uuid);
    expect((await get(`/v1/zones/${other.uuid}`)).body.inventories[0].name).toBe('url-wins-other');
  });

  it('systemTags/userTags inside the body key are read; top-level ones override them', async () => {
    const inner = await createZone('tags-inner', { params: { name: 'tags-inner', userTags: ['inner-tag'] } });
    expect((await get('/v1/zones?q=__userTag__=inner-tag')).body.inventories.map((z: any) => z.uuid)).toEqual([inner.uuid]);
    const both = await createZone('tags-both', { params: { name: 'tags-both', userTags: ['inner-only'] }, userTags: ['outer-tag'] });
    expect((await get('/v1/zones?q=__userTag__=outer-tag')).body.inventories.map((z: any) => z.uuid)).toEqual([both.uuid]);
    expect((await get('/v1/zones?q=__userTag__=inner-only')).body.inventories).toEqual([]);
  });

  it('unknown parameters are ignored and logged at warn level with the API\'s name, never their values', async () => {
    const zone = await createZone('unknown-params', { params: { name: 'unknown-params', tagUuids: ['a'.repeat(32)], colour: 'red' } });
    expect(zone.name).toBe('unknown-params');
    const deleted = await poll(await send('DELETE', `${node.url}/zstack/v1/zones/${zone.uuid}?sessionId=${session}&requestIp=10.0.0.1`, headers()));
    expect(deleted.status).toBe(200);
    const warnings = node.output().split('\n').filter((l) => l.includes('unknown parameters ignored')).map((l) => JSON.parse(l));
    expect(warnings).toContainEqual(expect.objectContaining({ level: 40, api: 'CreateZone', ignored: ['params.tagUuids', 'params.colour'] }));
    expect(warnings).toContainEqual(expect.objectContaining({ level: 40, api: 'DeleteZone', ignored: ['sessionId', 'requestIp'] }));
    expect(node.output()).not.toContain(session);
  });

  it('booleans in query strings are read ignoring case: count=True, replyWithCount=TRUE, count=FALSE', async () => {
    await createZone('bool-zone');
    expect((await get('/v1/zones?q=name=bool-zone&count=True')).body).toEqual({ total: 1 });
    const page = await get('/v1/zones?q=name=bool-zone&replyWithCount=TRUE&count=FALSE');
    expect(page.body.total).toBe(1);
    expect(page.body.inventories).toHaveLength(1);
  });
});

describe('parameter errors of an asynchronous API end its job: 202, then 503 SYS.1007 on the poll and the webhook', () => {
  let session: string;
  let receiver: Server;
  const received: { headers: IncomingHttpHeaders; body: any }[] = [];

  beforeAll(async () => {
    session = await sdkLogin({});
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(text) });
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });

  afterAll(() => receiver?.close());

  it('a value outside the allowed ones, sent the Java SDK\'s way with a webhook, writes nothing', async () => {
    const headers = { Authorization: `OAuth ${session}`, 'X-JSON-Schema': 'true', 'Content-Type': 'application/json; charset=utf-8' };
    const count = async () => (await send('GET', `${node.url}/zstack/v1/clusters?count=true`, headers)).body.total;
    const before = await count();
    const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const job = 'c'.repeat(31) + '7';
    const body = JSON.stringify({ params: { zoneUuid: 'a'.repeat(32), name: 'never', hypervisorType: 'Xen' } });
    const accepted = await send('POST', `${node.url}/zstack/v1/clusters`, { ...headers, 'X-Job-UUID': job, 'X-Web-Hook': hook }, body);
    expect(accepted.status).toBe(202);
    const polled = await send('GET', accepted.body.location, headers);
    expect(polled.status).toBe(503);
    expect(polled.body.error).toMatchObject({ code: 'SYS.1007', details: expect.stringMatching(/hypervisorType/) });
    for (let i = 0; i < 200 && !received.length; i++) await new Promise((r) => setTimeout(r, 25));
    expect(received[0].headers['x-job-uuid']).toBe(job);
    expect(received[0].headers['x-job-success']).toBe('false');
    expect(received[0].body).toEqual(polled.body);
    expect(await count()).toBe(before);
  });
});
