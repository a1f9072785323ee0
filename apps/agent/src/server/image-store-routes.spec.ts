// The /image-store/* paths over real HTTP: an agent server in this process with two store
// folders, a file server on 127.0.0.1 as the image mirror, and a receiver standing in for the
// management node's callback and progress endpoints. The agent's clock is the test's, so the
// expiry of a download URL is checked without waiting.
import { bearer, ImageStoreAgentPath, type ImageStoreCallback, type ImageStoreProgress } from '#agent-protocol';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedFile, startFileServer, type FileServer, type ServedFile } from '../../../../test/support/file-server.js';
import { AgentLog } from '../agent-log.js';
import { DirectoryImageStoreDriver } from '../drivers/image-store/image-store-driver.js';
import type { RouteHandler } from './agent-routes.js';
import { createAgentServer, listen } from './agent-server.js';
import { HttpCallbackPoster } from './callback-client.js';
import { imageDownloadHandler } from './image-download.js';
import { imageStoreRoutes } from './image-store-routes.js';
import { ImageStoreTasks } from './image-store-tasks.js';
import { agentPoster } from '../../../../test/support/agent-http.js';

const SECRET = 'image-store-spec-secret';
let now = Date.parse('2026-01-01T00:00:00Z');
const received: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
let files: FileServer;
let image: ServedFile;
let agent: Server;
let receiver: Server;
let agentUrl: string;
let receiverUrl: string;
let root: string;
let storeA: string;
let storeB: string;

const post = agentPoster(() => agentUrl, SECRET);

/** Starts an import (or migration) and waits for its callback. */
async function imported(path: string, body: Record<string, unknown>): Promise<{ callback: ImageStoreCallback; progress: ImageStoreProgress[] }> {
  const taskUuid = `task-${received.length}-${Math.random()}`;
  const started = await post(path, { taskUuid, callbackUrl: `${receiverUrl}/callback`, progressUrl: `${receiverUrl}/progress`, ...body });
  expect(started.reply).toMatchObject({ success: true, accepted: true });
  const mine = () => received.filter((r) => r.body.taskUuid === taskUuid);
  for (let i = 0; i < 400 && !mine().some((r) => r.path === '/callback'); i++) await new Promise((r) => setTimeout(r, 25));
  const callback = mine().find((r) => r.path === '/callback');
  expect(callback?.authorization).toBe(bearer(SECRET));
  return { callback: callback!.body as unknown as ImageStoreCallback, progress: mine().filter((r) => r.path === '/progress').map((r) => r.body as unknown as ImageStoreProgress) };
}

const contents = (store: string): string[][] => ['blobs', 'images', 'tmp'].map((d) => readdirSync(join(store, d)).sort());

beforeAll(async () => {
  files = await startFileServer();
  image = files.add('disk.qcow2', generatedFile(2 * 1024 * 1024 + 5));
  root = mkdtempSync(join(tmpdir(), 'image-store-routes-'));
  [storeA, storeB] = [join(root, 'a'), join(root, 'b')];
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(text) as Record<string, unknown> });
      res.end('{}');
    });
  });
  await listen(receiver, '127.0.0.1', 0);
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const log = new AgentLog(null);
  const driver = new DirectoryImageStoreDriver(SECRET, { now: () => now });
  // The download URL names the agent's own address, known once it listens: the routes are put
  // in the (still empty) map the server reads at each request.
  const routes = new Map<string, RouteHandler>();
  agent = createAgentServer({ secret: SECRET, log, routes, rawHandlers: [imageDownloadHandler(driver)] });
  await listen(agent, '127.0.0.1', 0);
  agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
  const tasks = new ImageStoreTasks(driver, new HttpCallbackPoster(SECRET, log, [50]), 'host-1', log);
  for (const [path, handler] of imageStoreRoutes({ driver, tasks, downloadBaseUrl: agentUrl })) routes.set(path, handler);
});

afterAll(async () => {
  agent?.close();
  receiver?.close();
  await files?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the image store through the agent', () => {
  it('imports from an HTTP URL in the background, with progress up to 100 % before the callback', async () => {
    const { callback, progress } = await imported(ImageStoreAgentPath.import, { storePath: storeA, imageUuid: 'img-1', url: `${files.baseUrl}/disk.qcow2`, expectedMd5: image.md5 });
    expect(callback).toMatchObject({ success: true, error: null, hostUuid: 'host-1', image: { imageUuid: 'img-1', sha256: image.sha256, md5: image.md5, size: image.bytes.length } });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ hostUuid: 'host-1', percent: 100, bytes: image.bytes.length, totalBytes: image.bytes.length });
    const percents = progress.map((p) => p.percent ?? -1);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect((await post(ImageStoreAgentPath.images, { storePath: storeA })).reply.images).toEqual([callback.image]);
  });

  it('calls back with HOST.1000 naming the URL that answered 404, and keeps nothing', async () => {
    const { callback } = await imported(ImageStoreAgentPath.import, { storePath: storeB, imageUuid: 'img-404', url: `${files.baseUrl}/gone.qcow2` });
    expect(callback).toMatchObject({ success: false, image: null, error: { code: 'HOST.1000' } });
    expect(callback.error?.details).toContain('gone.qcow2: HTTP 404');
    expect(contents(storeB)).toEqual([[], [], []]);
  });

  it('answers 400 naming the field for a bad command, before anything runs', async () => {
    const base = { taskUuid: 't', callbackUrl: `${receiverUrl}/callback`, storePath: storeA, imageUuid: 'img-x', url: `${files.baseUrl}/disk.qcow2` };
    for (const [field, value] of [['storePath', 'relative/dir'], ['storePath', `${storeA}/../a`], ['imageUuid', '../../etc/passwd'], ['url', 'ftp://host/x'], ['expectedSha256', 'abc']]) {
      const bad = await post(ImageStoreAgentPath.import, { ...base, [field]: value });
      expect(bad).toMatchObject({ status: 400, reply: { success: false, error: { code: 'SYS.1007' } } });
      expect(bad.reply.error?.details).toContain(field);
    }
    const noSha = await post(ImageStoreAgentPath.migrate, base);
    expect(noSha.reply.error?.details).toContain('expectedSha256');
  });

  it('exports a URL anyone can download the same bytes from until it expires or is deleted', async () => {
    const exported = await post(ImageStoreAgentPath.export, { storePath: storeA, imageUuid: 'img-1', expiresInSeconds: 60 });
    expect(exported.reply).toMatchObject({ success: true, expiresAt: new Date(now + 60_000).toISOString() });
    const url = exported.reply.url as string;
    expect(url.startsWith(`${agentUrl}/image-store/download/img-1?`)).toBe(true);

    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(image.bytes)).toBe(true);

    const forged = new URL(url);
    forged.searchParams.set('expires', String(now + 3_600_000));
    expect((await fetch(forged)).status).toBe(403);

    now += 60_000;
    expect((await fetch(url)).status).toBe(403);
    now -= 60_000;
    expect((await fetch(url)).status).toBe(200);
    expect((await post(ImageStoreAgentPath.deleteExport, { storePath: storeA, imageUuid: 'img-1' })).reply.deleted).toBe(true);
    expect((await fetch(url)).status).toBe(403);
  });

  it('migrates an image to another store through the export URL, checking its sha256', async () => {
    const { url } = (await post(ImageStoreAgentPath.export, { storePath: storeA, imageUuid: 'img-1', expiresInSeconds: 600 })).reply as unknown as { url: string };
    const wrong = await imported(ImageStoreAgentPath.migrate, { storePath: storeB, imageUuid: 'img-1', url, expectedSha256: 'f'.repeat(64) });
    expect(wrong.callback).toMatchObject({ success: false, image: null });
    expect(wrong.callback.error?.details).toContain('sha256 mismatch');
    expect(contents(storeB)).toEqual([[], [], []]);

    const { callback } = await imported(ImageStoreAgentPath.migrate, { storePath: storeB, imageUuid: 'img-1', url, expectedSha256: image.sha256 });
    expect(callback).toMatchObject({ success: true, image: { imageUuid: 'img-1', sha256: image.sha256, size: image.bytes.length, sourceUrl: url } });
    expect(contents(storeB)).toEqual([[image.sha256], ['img-1.json'], []]);
  });

  it('reclaims the blob of a deleted image and reports its bytes', async () => {
    expect((await post(ImageStoreAgentPath.delete, { storePath: storeB, imageUuid: 'img-1' })).reply.deleted).toBe(true);
    expect((await post(ImageStoreAgentPath.reclaim, { storePath: storeB })).reply).toMatchObject({ success: true, removedBlobs: [image.sha256], reclaimedBytes: image.bytes.length });
    expect(contents(storeB)).toEqual([[], [], []]);
    // Store A still has its image: its blob stays.
    expect((await post(ImageStoreAgentPath.reclaim, { storePath: storeA })).reply).toMatchObject({ removedBlobs: [], reclaimedBytes: 0 });
  });
});
