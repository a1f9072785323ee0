// The image cache driver on real files: caches laid out as ZStack lays them out, volumes made
// as qcow2 overlays of them with the real qemu-img (qemu-utils), cleaned by the driver.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner } from '../../command-runner.js';
import { imageUuidOf, QemuImageCacheDriver } from './image-cache-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-imagecache-'));
const driver = new QemuImageCacheDriver(new SpawnCommandRunner(new AgentLog(join(dir, 'agent.log'))));
const [kept, gone, used] = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
const cacheOf = (uuid: string) => join(dir, 'ps', 'imagecache', 'template', uuid, `${uuid}.qcow2`);
const qemuImg = (...args: string[]) => execFileSync('qemu-img', args, { stdio: 'pipe' });

beforeAll(() => {
  for (const uuid of [kept, gone, used]) {
    mkdirSync(join(dir, 'ps', 'imagecache', 'template', uuid), { recursive: true });
    qemuImg('create', '-f', 'qcow2', cacheOf(uuid), '16M');
  }
  // A root volume on the image that is gone: its backing file must stay.
  mkdirSync(join(dir, 'ps', 'rootVolumes', 'acct-x', 'vol-1'), { recursive: true });
  qemuImg('create', '-f', 'qcow2', '-F', 'qcow2', '-b', cacheOf(used), join(dir, 'ps', 'rootVolumes', 'acct-x', 'vol-1', 'vol-1.qcow2'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cleaning the image cache of a file-system storage', () => {
  it('removes the caches of images that are gone, keeps those of images that exist and those a volume is backed by', async () => {
    const { removed, inUse } = await driver.cleanUp({ directory: join(dir, 'ps'), keepImageUuids: [kept] });
    expect(removed).toEqual([{ path: cacheOf(gone), imageUuid: gone, sizeBytes: expect.any(Number) }]);
    expect(inUse).toEqual([{ path: cacheOf(used), imageUuid: used, sizeBytes: expect.any(Number), usedBy: [join(dir, 'ps', 'rootVolumes', 'acct-x', 'vol-1', 'vol-1.qcow2')] }]);
    expect(existsSync(cacheOf(gone))).toBe(false);
    expect(existsSync(join(dir, 'ps', 'imagecache', 'template', gone))).toBe(false);
    expect(existsSync(cacheOf(kept))).toBe(true);
    expect(existsSync(cacheOf(used))).toBe(true);
  });

  it('has nothing to do on a storage without a cache', async () => {
    expect(await driver.cleanUp({ directory: join(dir, 'nowhere'), keepImageUuids: [] })).toEqual({ removed: [], inUse: [] });
  });

  it('names a cache by its image folder, or by its file name', () => {
    expect(imageUuidOf(`template/${kept}/${kept}.qcow2`)).toBe(kept);
    expect(imageUuidOf(`${gone}.qcow2`)).toBe(gone);
    expect(imageUuidOf('template/readme.txt')).toBeNull();
  });
});
