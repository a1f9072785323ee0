// Images on ImageStore backup storage through the REST API, with real agents on real sshd
// test hosts and real HTTP transfers from a server in this process (127.0.0.1): import
// with size and checksums and progress on the job, export as a URL that serves the same
// bytes, migration to a second store with checksum verification, reclaim of exactly the
// blobs no image uses, and failed imports (404, checksum mismatch) that leave nothing.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { CLI, ensureTmux, oneShot, Terminal } from './support/terminal.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

const image1 = randomBytes(3 * 1024 * 1024 + 17);
const image2 = randomBytes(1024 * 1024);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

let node: RunningNode;
let api: ZStackClient;
let server: Server;
let base: string;
let releaseSlow: () => void;
const slowReleased = new Promise<void>((r) => (releaseSlow = r));
let releaseCliImage: () => void;
const cliImageReleased = new Promise<void>((r) => (releaseCliImage = r));
const cliImage = randomBytes(2 * 1024 * 1024 + 5);
const hosts: TestHost[] = [];
const stores: { uuid: string; host: TestHost; dir: string }[] = [];
const terminal = new Terminal(`zcli-images-${process.pid}`);
let cliHome: string | undefined;

beforeAll(async () => {
  ensureTmux(); // before any HTTP connection is kept alive: apt-get blocks this process
  server = createServer((req, res) => {
    if (req.url === '/image1.qcow2') {
      // Half the bytes, then the rest once the test has seen the job's progress.
      res.writeHead(200, { 'content-length': image1.length });
      const half = Math.floor(image1.length / 2);
      res.write(image1.subarray(0, half));
      void slowReleased.then(() => res.end(image1.subarray(half)));
    } else if (req.url === '/image-cli.qcow2') {
      res.writeHead(200, { 'content-length': cliImage.length });
      const half = Math.floor(cliImage.length / 2);
      res.write(cliImage.subarray(0, half));
      void cliImageReleased.then(() => res.end(cliImage.subarray(half)));
    } else if (req.url === '/image2.raw') {
      res.writeHead(200, { 'content-length': image2.length }).end(image2);
    } else {
      res.writeHead(404).end('not here');
    }
  });
  await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  node = await startEmbeddedNode({ LOG_LEVEL: 'warn' });
  api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
  const zoneUuid = (await api.run('POST', '/v1/zones', { params: { name: 'zone-images' } })).body.inventory.uuid;
  for (const name of ['store-a', 'store-b']) {
    const host = await startTestHost();
    hosts.push(host);
    const dir = `${host.home}/imagestore`;
    const added = await api.run('POST', '/v1/backup-storage/image-store', { params: { name, hostname: host.ip, username: host.username, password: host.password, sshPort: host.sshPort, url: dir } }, {}, 90_000);
    expect(added.body.inventory?.status).toBe('Connected');
    expect((await api.run('POST', `/v1/zones/${zoneUuid}/backup-storage/${added.body.inventory.uuid}`, {})).status).toBe(200);
    stores.push({ uuid: added.body.inventory.uuid, host, dir });
  }
}, 180_000);

afterAll(async () => {
  releaseSlow();
  releaseCliImage();
  terminal.kill();
  if (cliHome) rmSync(cliHome, { recursive: true, force: true });
  await node?.stop();
  for (const h of hosts) await h.stop();
  server?.close();
});

const blobs = (dir: string) => (existsSync(`${dir}/blobs`) ? readdirSync(`${dir}/blobs`).sort() : []);
const imagesNamed = async (name: string): Promise<number> => (await api.call('GET', `/v1/images?q=name=${name}&count=true`)).body.total;
const addImage = (name: string, url: string, bsUuid: string, systemTags: string[] = []) =>
  api.run('POST', '/v1/images', { params: { name, url, format: 'qcow2', backupStorageUuids: [bsUuid] }, systemTags }, {}, 120_000);

describe('images on ImageStore', () => {
  let imageUuid: string;

  it('AddImage imports from an HTTP URL with its real size and checksums; the job shows the percent of bytes', async () => {
    const [a] = stores;
    const accepted = await api.call('POST', '/v1/images', { params: { name: 'image-1', url: `${base}/image1.qcow2`, format: 'qcow2', backupStorageUuids: [a.uuid] } });
    expect(accepted.status).toBe(202);
    const jobUuid = new URL(accepted.body.location).pathname.split('/').pop();
    // The server holds the second half back: the job must show about half done meanwhile.
    const running = await until('the job showing the first half received', async () => (await api.call('GET', `/v1/longjobs/${jobUuid}`)).body.inventories[0], (j) => j.progress >= 45, 60_000);
    expect(running.state).toBe('Running');
    expect(running.progress).toBeLessThan(100);
    expect(running.progressStep).toMatch(/^downloading: \d+ bytes$/);
    // Polling the job's location answers the same progress beside the 202.
    const polled = await api.call('GET', new URL(accepted.body.location).pathname.replace(/^\/zstack/, ''));
    expect(polled.status).toBe(202);
    expect(polled.body.progress.percent).toBeGreaterThanOrEqual(45);
    expect(polled.body.progress.percent).toBeLessThan(100);
    releaseSlow();
    const done = await api.poll(accepted.body.location, 120_000);
    expect(done.status).toBe(200);
    const image = done.body.inventory;
    imageUuid = image.uuid;
    expect(image).toMatchObject({ name: 'image-1', status: 'Ready', state: 'Enabled', size: image1.length, actualSize: image1.length, md5Sum: md5(image1), format: 'qcow2', mediaType: 'RootVolumeTemplate' });
    expect(image.backupStorageRefs).toEqual([expect.objectContaining({ backupStorageUuid: a.uuid, installPath: `${a.dir}/blobs/${sha256(image1)}`, status: 'Ready' })]);
    expect(blobs(a.dir)).toEqual([sha256(image1)]);
    expect(sha256(readFileSync(`${a.dir}/blobs/${sha256(image1)}`))).toBe(sha256(image1));
    const queried = await api.call('GET', `/v1/images?q=backupStorage.uuid=${a.uuid}`);
    expect(queried.body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([imageUuid]);
  });

  it('a URL that answers 404 fails clearly and leaves no image row and no blob', async () => {
    const [a] = stores;
    const answer = await addImage('missing', `${base}/missing.qcow2`, a.uuid);
    expect(answer.status).toBe(503);
    expect(answer.body.error.details).toMatch(/could not import http:\/\/127\.0\.0\.1:\d+\/missing\.qcow2: .*404/);
    expect(await imagesNamed('missing')).toBe(0);
    expect(blobs(a.dir)).toEqual([sha256(image1)]);
    expect(readdirSync(`${a.dir}/tmp`)).toEqual([]);
  });

  it('a checksum mismatch fails naming the checksum and leaves no image row and no blob', async () => {
    const [a] = stores;
    const answer = await addImage('mismatch', `${base}/image2.raw`, a.uuid, [`md5::${'0'.repeat(32)}`]);
    expect(answer.status).toBe(503);
    expect(answer.body.error.details).toMatch(/md5/i);
    expect(await imagesNamed('mismatch')).toBe(0);
    expect(blobs(a.dir)).toEqual([sha256(image1)]);
    const malformed = await addImage('bad-tag', `${base}/image2.raw`, a.uuid, ['sha256::xyz']);
    expect(malformed.body.error.code).toBe('SYS.1007');
  });

  it('ExportImageFromBackupStorage answers a URL that downloads the same bytes, until the export is deleted', async () => {
    const [a] = stores;
    const exported = await api.run('PUT', `/v1/backup-storage/${a.uuid}/actions`, { exportImageFromBackupStorage: { imageUuid } });
    expect(exported.status).toBe(200);
    const url: string = exported.body.imageUrl;
    expect(url).toMatch(new RegExp(`^http://${a.host.ip.replace(/\./g, '\\.')}:\\d+/`));
    const downloaded = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(sha256(downloaded)).toBe(sha256(image1));
    expect((await api.call('GET', `/v1/images/${imageUuid}`)).body.inventories[0].exportUrl).toBe(url);

    expect((await api.run('DELETE', `/v1/backup-storage/${a.uuid}/exported-images/${imageUuid}`)).status).toBe(200);
    expect((await fetch(url)).status).not.toBe(200);
    expect((await api.call('GET', `/v1/images/${imageUuid}`)).body.inventories[0].exportUrl).toBeNull();
  });

  it('BackupStorageMigrateImage copies the image to a candidate store with the same sha256', async () => {
    const [a, b] = stores;
    const candidates = await api.call('GET', `/v1/backup-storage/${a.uuid}/migration-candidates`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.inventories.map((i: { uuid: string }) => i.uuid)).toEqual([b.uuid]);
    const migrated = await api.run('PUT', `/v1/backup-storage/images/${imageUuid}/actions`, { backupStorageMigrateImage: { srcBackupStorageUuid: a.uuid, dstBackupStorageUuid: b.uuid } }, {}, 120_000);
    expect(migrated.status).toBe(200);
    expect(migrated.body.inventory.backupStorageRefs.map((r: { backupStorageUuid: string }) => r.backupStorageUuid).sort()).toEqual([a.uuid, b.uuid].sort());
    expect(blobs(b.dir)).toEqual([sha256(image1)]);
    expect(sha256(readFileSync(`${b.dir}/blobs/${sha256(image1)}`))).toBe(sha256(image1));
    const same = await api.run('PUT', `/v1/backup-storage/images/${imageUuid}/actions`, { backupStorageMigrateImage: { srcBackupStorageUuid: a.uuid, dstBackupStorageUuid: a.uuid } });
    expect(same.body.error.code).toBe('SYS.1007');
  });

  it('ReclaimSpaceFromImageStore frees exactly the blobs no image references', async () => {
    const [a, b] = stores;
    const second = await addImage('image-2', `${base}/image2.raw`, a.uuid);
    expect(second.body.inventory.size).toBe(image2.length);
    expect(blobs(a.dir)).toEqual([sha256(image1), sha256(image2)].sort());
    expect((await api.run('DELETE', `/v1/images/${second.body.inventory.uuid}`, undefined, {}, 60_000)).status).toBe(200);
    expect(await imagesNamed('image-2')).toBe(0);
    expect(blobs(a.dir)).toEqual([sha256(image1), sha256(image2)].sort()); // until reclaimed
    expect((await api.run('PUT', `/v1/backup-storage/image-store/${a.uuid}/actions`, { reclaimSpaceFromImageStore: {} }, {}, 60_000)).status).toBe(200);
    expect(blobs(a.dir)).toEqual([sha256(image1)]);

    // Deleting the image forgets it on both stores; a reclaim of the second empties it.
    expect((await api.run('DELETE', `/v1/images/${imageUuid}`, undefined, {}, 60_000)).status).toBe(200);
    expect((await api.call('GET', `/v1/images/${imageUuid}`)).body.inventories).toEqual([]);
    expect((await api.run('PUT', `/v1/backup-storage/image-store/${b.uuid}/actions`, { reclaimSpaceFromImageStore: {} }, {}, 60_000)).status).toBe(200);
    expect(blobs(b.dir)).toEqual([]);
    expect(blobs(a.dir)).toEqual([sha256(image1)]);
  });

  it('AddImage also imports a file on the store\'s host, by absolute path', async () => {
    const [a] = stores;
    const onHost = `${a.host.home}/upload.raw`;
    await a.host.asUser(['sh', '-c', 'head -c 524288 /dev/urandom > "$0"', onHost]);
    const bytes = readFileSync(onHost);
    const added = await addImage('from-file', onHost, a.uuid);
    expect(added.status).toBe(200);
    expect(added.body.inventory).toMatchObject({ size: bytes.length, md5Sum: md5(bytes), url: onHost });
    expect(blobs(a.dir)).toContain(sha256(bytes));
  });
});

describe('zstack-cli', () => {
  it('shows an import\'s percent of bytes while its job runs, then the image', async () => {
    cliHome = mkdtempSync(join(tmpdir(), 'images-cli-'));
    const server = `127.0.0.1:${node.port}`;
    expect((await oneShot(cliHome, ['-s', server, 'LogInByAccount', 'accountName=admin', 'password=password'])).code).toBe(0);
    terminal.start(['env', `HOME=${cliHome}`, process.execPath, CLI, '-s', server]);
    await terminal.waitFor(`admin@${server} >>>`);
    terminal.keys(`AddImage name=image-cli url=${base}/image-cli.qcow2 format=qcow2 backupStorageUuids=${stores[0].uuid}`, 'Enter');
    // The server holds the second half back: the spinner line shows about half done.
    const screen = await terminal.waitFor(/downloading: \d+ bytes (4[5-9]|5\d)%/, 60_000);
    expect(screen).toMatch(/waiting for job [0-9a-f]{32} downloading: \d+ bytes \d+%/);
    releaseCliImage();
    const done = await terminal.waitFor(/"status": "Ready"/, 60_000);
    expect(done).toContain(`"md5Sum": "${md5(cliImage)}"`);
  }, 120_000);
});
