// The image store on real folders, importing over real HTTP from a server on 127.0.0.1 and from
// files on this machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedFile, startFileServer, type FileServer, type ServedFile } from '../../../../../test/support/file-server.js';
import { DirectoryImageStoreDriver, type ImportProgress } from './image-store-driver.js';

let files: FileServer;
let root: string;
let image: ServedFile;
const driver = new DirectoryImageStoreDriver('spec-secret');
const listing = (store: string, dir: string): string[] => readdirSync(join(store, dir)).sort();
let storeCount = 0;
const newStore = (): string => join(root, `store-${++storeCount}`);

beforeAll(async () => {
  files = await startFileServer();
  root = mkdtempSync(join(tmpdir(), 'image-store-'));
  image = files.add('cirros.qcow2', generatedFile(3 * 1024 * 1024 + 17));
});

afterAll(async () => {
  await files?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('importing images into a directory store', () => {
  it('stores the bytes once under their sha256, with their real size, md5 and progress to 100 %', async () => {
    const store = newStore();
    const progress: ImportProgress[] = [];
    const manifest = await driver.importImage({ storePath: store, imageUuid: 'img-a', url: `${files.baseUrl}/cirros.qcow2`, expectedSha256: image.sha256.toUpperCase() }, (p) => progress.push(p));
    expect(manifest).toMatchObject({ imageUuid: 'img-a', sha256: image.sha256, md5: image.md5, size: image.bytes.length });
    expect(statSync(join(store, 'blobs', image.sha256)).size).toBe(image.bytes.length);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ bytes: image.bytes.length, totalBytes: image.bytes.length });

    // The same content under another image, from a file on the host this time: still one blob.
    const local = join(root, 'local.qcow2');
    writeFileSync(local, image.bytes);
    await driver.importImage({ storePath: store, imageUuid: 'img-b', url: `file://${local}`, expectedMd5: image.md5 }, () => undefined);
    expect(listing(store, 'blobs')).toEqual([image.sha256]);
    expect((await driver.images(store)).map((m) => m.imageUuid)).toEqual(['img-a', 'img-b']);
    expect(listing(store, 'tmp')).toEqual([]);
  });

  it('imports without a Content-Length, reporting bytes without a percent', async () => {
    const store = newStore();
    const progress: ImportProgress[] = [];
    const manifest = await driver.importImage({ storePath: store, imageUuid: 'img-c', url: `${files.baseUrl}/cirros.qcow2?chunked` }, (p) => progress.push(p));
    expect(manifest.size).toBe(image.bytes.length);
    expect(progress.at(-1)).toEqual({ bytes: image.bytes.length, totalBytes: null });
  });

  it('fails on a URL that answers 404, naming it, and keeps nothing', async () => {
    const store = newStore();
    const url = `${files.baseUrl}/missing.qcow2`;
    const error = await driver.importImage({ storePath: store, imageUuid: 'img-d', url }, () => undefined).catch((err: Error) => err);
    expect(error).toMatchObject({ error: { code: 'HOST.1000' } });
    expect((error as Error).message).toContain(`${url}: HTTP 404`);
    expect([listing(store, 'blobs'), listing(store, 'images'), listing(store, 'tmp')]).toEqual([[], [], []]);
  });

  it('fails on a checksum mismatch with both sums, and leaves no blob, manifest or partial file', async () => {
    const store = newStore();
    const wrong = '0'.repeat(64);
    const error = await driver.importImage({ storePath: store, imageUuid: 'img-e', url: `${files.baseUrl}/cirros.qcow2`, expectedSha256: wrong }, () => undefined).catch((err: Error) => err);
    expect((error as Error).message).toContain(`sha256 mismatch for ${files.baseUrl}/cirros.qcow2: expected ${wrong}, got ${image.sha256}`);
    expect([listing(store, 'blobs'), listing(store, 'images'), listing(store, 'tmp')]).toEqual([[], [], []]);
  });

  it('fails a transfer that stalls half-way, and keeps nothing of it', async () => {
    const store = newStore();
    const impatient = new DirectoryImageStoreDriver('spec-secret', { idleTimeoutMs: 300 });
    const error = await impatient.importImage({ storePath: store, imageUuid: 'img-s', url: `${files.baseUrl}/cirros.qcow2?stall` }, () => undefined).catch((err: Error) => err);
    expect((error as Error).message).toContain('nothing received for 0.3 s');
    expect([listing(store, 'blobs'), listing(store, 'images'), listing(store, 'tmp')]).toEqual([[], [], []]);
  });

  it('refuses an image uuid the store already has, keeping the first', async () => {
    const store = newStore();
    await driver.importImage({ storePath: store, imageUuid: 'img-f', url: `${files.baseUrl}/cirros.qcow2` }, () => undefined);
    const again = await driver.importImage({ storePath: store, imageUuid: 'img-f', url: `${files.baseUrl}/cirros.qcow2` }, () => undefined).catch((err: Error) => err);
    expect((again as Error).message).toContain('img-f is already in the store');
    expect(listing(store, 'images')).toEqual(['img-f.json']);
  });
});

describe('reclaiming space', () => {
  it('removes exactly the blobs no image references and reports their bytes', async () => {
    const store = newStore();
    const other = files.add('other.raw', generatedFile(1024 * 1024));
    const third = files.add('third.raw', generatedFile(4096));
    for (const [uuid, name] of [['keep', 'cirros.qcow2'], ['drop-1', 'other.raw'], ['drop-2', 'third.raw'], ['keep-too', 'third.raw']]) {
      await driver.importImage({ storePath: store, imageUuid: uuid, url: `${files.baseUrl}/${name}` }, () => undefined);
    }
    expect(await driver.deleteImage(store, 'drop-1')).toBe(true);
    expect(await driver.deleteImage(store, 'drop-2')).toBe(true);
    expect(await driver.deleteImage(store, 'drop-2')).toBe(false);

    // third.raw is still named by keep-too: only other.raw's blob goes.
    expect(await driver.reclaim(store)).toEqual({ removedBlobs: [other.sha256], removedPartialFiles: [], reclaimedBytes: other.bytes.length });
    expect(listing(store, 'blobs')).toEqual([image.sha256, third.sha256].sort());
    expect(await driver.reclaim(store)).toEqual({ removedBlobs: [], removedPartialFiles: [], reclaimedBytes: 0 });
    expect(existsSync(join(store, 'images', 'keep.json'))).toBe(true);
  });

  it('removes what an import killed mid-transfer left in tmp/, but never an import in flight', async () => {
    const store = newStore();
    await driver.connect(store);
    // What an agent killed half-way through leaves: a partial file no import owns any more.
    writeFileSync(join(store, 'tmp', 'dead.part'), Buffer.alloc(1000));
    const slow = new DirectoryImageStoreDriver('spec-secret', { idleTimeoutMs: 60_000 });
    let started!: () => void;
    const receiving = new Promise<void>((resolve) => (started = resolve));
    const stalled = slow.importImage({ storePath: store, imageUuid: 'img-live', url: `${files.baseUrl}/cirros.qcow2?stall` }, () => started());
    // Its end is awaited below; a failure of an assertion before then must not leave it unhandled.
    stalled.catch(() => undefined);
    await receiving;
    // The first bytes are reported as they arrive; the partial file may show a moment later.
    const inFlight = () => listing(store, 'tmp').filter((n) => n !== 'dead.part');
    for (let i = 0; i < 100 && inFlight().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const live = inFlight();
    expect(live).toHaveLength(1);

    expect(await slow.reclaim(store)).toEqual({ removedBlobs: [], removedPartialFiles: ['dead.part'], reclaimedBytes: 1000 });
    expect(listing(store, 'tmp')).toEqual(live);
    files.dropConnections();
    await expect(stalled).rejects.toThrow(/cannot import/);
    expect(listing(store, 'tmp')).toEqual([]);
  });

  it('reports the capacity of the store\'s file system, the size `df` gives', async () => {
    const store = newStore();
    const capacity = await driver.connect(store);
    const df = execFileSync('df', ['-B1', '--output=size', store], { encoding: 'utf8' }).trim().split('\n');
    expect(capacity.totalBytes).toBe(Number(df[1]));
    expect(capacity.availableBytes).toBeGreaterThan(0);
    expect(capacity.availableBytes).toBeLessThanOrEqual(capacity.totalBytes);
  });
});
