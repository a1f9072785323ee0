// The /vm/volume/{share,receive,unshare,download} paths over real HTTP, with real qemu-img:
// one agent server in this process plays both hosts, a "source" folder with a cached image
// and a qcow2 overlay on it, a "destination" folder that has neither. The agent's clock is
// the test's, so a share's expiry is checked without waiting.
import { VmAgentPath } from '#agent-protocol';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPoster } from '../../../../test/support/agent-http.js';
import { AgentLog } from '../agent-log.js';
import { SpawnCommandRunner } from '../command-runner.js';
import { QemuImgVolumeTransferDriver } from '../drivers/vm/volume-transfer-driver.js';
import type { RouteHandler } from './agent-routes.js';
import { createAgentServer, listen } from './agent-server.js';
import { volumeDownloadHandler } from './image-download.js';
import { vmRoutes } from './vm-routes.js';

const SECRET = 'volume-transfer-spec-secret';
const IMAGE = 'f'.repeat(32);
let now = Date.parse('2026-01-01T00:00:00Z');
let agent: Server;
let agentUrl: string;
let root: string;
let source: string;
let destination: string;
const post = agentPoster(() => agentUrl, SECRET);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const backingOf = (file: string) => JSON.parse(execFileSync('qemu-img', ['info', '-U', '--output=json', file], { encoding: 'utf8' }))['backing-filename'] as string | undefined;
const cacheOf = (storage: string) => join(storage, 'imagecache', 'template', IMAGE, `${IMAGE}.qcow2`);
const volumeOf = (storage: string) => join(storage, 'rootVolumes', 'acct-1', 'vol-1', 'vol-1.qcow2');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'volume-transfer-'));
  [source, destination] = [join(root, 'source'), join(root, 'destination')];
  mkdirSync(join(source, 'imagecache', 'template', IMAGE), { recursive: true });
  mkdirSync(join(source, 'rootVolumes', 'acct-1', 'vol-1'), { recursive: true });
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', cacheOf(source), '64M']);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', cacheOf(source), volumeOf(source)]);
  const log = new AgentLog(null);
  const routes = new Map<string, RouteHandler>();
  let driver: QemuImgVolumeTransferDriver | null = null;
  // The share URLs name the agent's own address, known once it listens.
  agent = createAgentServer({ secret: SECRET, log, routes, rawHandlers: [(req, res, url) => volumeDownloadHandler(driver!)(req, res, url)] });
  await listen(agent, '127.0.0.1', 0);
  agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
  driver = new QemuImgVolumeTransferDriver(new SpawnCommandRunner(log), agentUrl, VmAgentPath.volumeDownload, () => now);
  for (const [path, handler] of vmRoutes({ vm: {} as never, volumeTransfer: driver })) routes.set(path, handler);
});

afterAll(() => {
  agent?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a volume moved between two storages by the agents', () => {
  it('is shared with its backing image, each with its sha256; the share URL gives the bytes without the secret', async () => {
    const shared = await post(VmAgentPath.shareVolume, { volumePath: volumeOf(source), expiresInSeconds: 60 });
    expect(shared.reply).toMatchObject({
      success: true,
      volume: { path: volumeOf(source), sha256: sha256(volumeOf(source)), format: 'qcow2', url: expect.stringMatching(/\/vm\/volume\/download\/[0-9a-f]{32}$/) },
      backing: { path: cacheOf(source), sha256: sha256(cacheOf(source)), format: 'qcow2' },
    });
    const download = await fetch((shared.reply.volume as { url: string }).url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(volumeOf(source)))).toBe(true);
  });

  it('is received: the image into the destination cache, the volume rebased onto it, nothing temporary left', async () => {
    const { reply } = await post(VmAgentPath.shareVolume, { volumePath: volumeOf(source), expiresInSeconds: 60 });
    const volume = reply.volume as { url: string; sha256: string; shareId: string };
    const backing = reply.backing as { url: string; sha256: string; shareId: string };
    const received = await post(VmAgentPath.receiveVolume, { volume, volumePath: volumeOf(destination), backing: { url: backing.url, sha256: backing.sha256, path: cacheOf(destination), format: 'qcow2' } });
    expect(received.reply).toMatchObject({ success: true, volume: { path: volumeOf(destination), size: 64 * 1024 ** 2 } });
    expect(sha256(cacheOf(destination))).toBe(sha256(cacheOf(source)));
    expect(backingOf(volumeOf(destination))).toBe(cacheOf(destination));
    expect(readdirSync(join(destination, 'rootVolumes', 'acct-1', 'vol-1'))).toEqual(['vol-1.qcow2']);
    // Unshared: the same URLs give nothing more.
    expect((await post(VmAgentPath.unshareVolume, { shareIds: [volume.shareId, backing.shareId] })).reply.success).toBe(true);
    expect((await fetch(volume.url)).status).toBe(403);
  });

  it('keeps nothing of a file whose sha256 does not match, and names the source host, not the URL', async () => {
    rmSync(join(destination, 'rootVolumes'), { recursive: true, force: true });
    const { reply } = await post(VmAgentPath.shareVolume, { volumePath: volumeOf(source), expiresInSeconds: 60 });
    const volume = reply.volume as { url: string };
    const wrong = await post(VmAgentPath.receiveVolume, { volume: { url: volume.url, sha256: '0'.repeat(64) }, volumePath: volumeOf(destination), backing: null });
    expect(wrong.reply).toMatchObject({ success: false, error: { code: 'HOST.1000' } });
    expect(wrong.reply.error?.details).toMatch(/arrived with sha256 [0-9a-f]{64}, not 0{64}: not kept/);
    expect(existsSync(join(destination, 'rootVolumes', 'acct-1', 'vol-1')) ? readdirSync(join(destination, 'rootVolumes', 'acct-1', 'vol-1')) : []).toEqual([]);
    const gone = await post(VmAgentPath.receiveVolume, { volume: { url: `${agentUrl}${VmAgentPath.volumeDownload}/${'9'.repeat(32)}`, sha256: '0'.repeat(64) }, volumePath: volumeOf(destination), backing: null });
    expect(gone.reply.error?.details).toContain('<the source host>: HTTP 403');
    expect(gone.reply.error?.details).not.toContain('9'.repeat(32));
  });

  it('ends a share when it expires', async () => {
    const { reply } = await post(VmAgentPath.shareVolume, { volumePath: volumeOf(source), expiresInSeconds: 60 });
    now += 61_000;
    expect((await fetch((reply.volume as { url: string }).url)).status).toBe(403);
  });

  it('answers 400 naming the field for a bad command, before anything runs', async () => {
    for (const [path, body, field] of [
      [VmAgentPath.shareVolume, { volumePath: 'relative.qcow2', expiresInSeconds: 60 }, 'volumePath'],
      [VmAgentPath.shareVolume, { volumePath: volumeOf(source), expiresInSeconds: 0 }, 'expiresInSeconds'],
      [VmAgentPath.unshareVolume, { shareIds: ['../x'] }, 'shareIds[0]'],
      [VmAgentPath.receiveVolume, { volume: { url: 'file:///etc/shadow', sha256: '0'.repeat(64) }, volumePath: volumeOf(destination), backing: null }, 'volume.url'],
      [VmAgentPath.receiveVolume, { volume: { url: agentUrl, sha256: '0'.repeat(64) }, volumePath: `${destination}/../x.qcow2`, backing: null }, 'volumePath'],
      [VmAgentPath.receiveVolume, { volume: { url: agentUrl, sha256: '0'.repeat(64) }, volumePath: volumeOf(destination), backing: { url: agentUrl, sha256: '0'.repeat(64), path: cacheOf(destination), format: 'vmdk' } }, 'backing.format'],
    ] as const) {
      const bad = await post(path, body);
      expect(bad, field).toMatchObject({ status: 400, reply: { success: false, error: { code: 'SYS.1007' } } });
      expect(bad.reply.error?.details).toContain(field);
    }
  });
});
