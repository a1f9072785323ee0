// The image cache of a file-system primary storage (local, shared mount point, NFS): the
// images copied from backup storage that volumes are made on (qcow2 overlays whose backing
// file is the cache). Cleaning it removes the caches of images that no longer exist, but
// never one that a volume on the storage still has in its backing chain: that is read from
// the volumes themselves (`qemu-img info --backing-chain`), not from the management node's
// rows, so a cleanup can never pull a disk from under a VM.
import type { CachedImage, ImageCacheCleanUpCommand } from '#agent-protocol';
import { lstat, open, readdir, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CommandRunner } from '../../command-runner.js';
import { runChecked } from '../tools/tool-output.js';

export const IMAGE_CACHE_FOLDER = 'imagecache';
const UUID = /^[0-9a-f]{32}$/;
const QCOW2_MAGIC = Buffer.from([0x51, 0x46, 0x49, 0xfb]);
/** How deep below the storage's directory volumes are looked for (ZStack nests them 3-4 deep). */
const MAX_DEPTH = 6;

export interface ImageCacheDriver {
  cleanUp(command: ImageCacheCleanUpCommand): Promise<{ removed: CachedImage[]; inUse: (CachedImage & { usedBy: string[] })[] }>;
}

export class QemuImageCacheDriver implements ImageCacheDriver {
  constructor(private readonly runner: CommandRunner) {}

  async cleanUp({ directory, keepImageUuids }: ImageCacheCleanUpCommand) {
    const cacheRoot = join(directory, IMAGE_CACHE_FOLDER);
    const keep = new Set(keepImageUuids);
    const caches = (await files(cacheRoot)).flatMap(({ path, size }) => {
      const imageUuid = imageUuidOf(relative(cacheRoot, path));
      return imageUuid && !keep.has(imageUuid) ? [{ path, imageUuid, sizeBytes: size }] : [];
    });
    if (!caches.length) return { removed: [], inUse: [] };
    const users = await this.backingFileUsers((await files(directory)).filter((f) => !f.path.startsWith(`${cacheRoot}/`)).map((f) => f.path));
    const removed: CachedImage[] = [];
    const inUse: (CachedImage & { usedBy: string[] })[] = [];
    for (const cache of caches) {
      const usedBy = users.get(cache.path);
      if (usedBy) {
        inUse.push({ ...cache, usedBy });
        continue;
      }
      await rm(cache.path, { force: true });
      removed.push(cache);
      // Its image's folder goes too once empty; the cache root stays.
      if (dirname(cache.path) !== cacheRoot) await rmdir(dirname(cache.path)).catch(() => undefined);
    }
    return { removed, inUse };
  }

  /** Each backing file of the qcow2 volumes among `paths`, with the volumes that use it. */
  private async backingFileUsers(paths: readonly string[]): Promise<Map<string, string[]>> {
    const users = new Map<string, string[]>();
    for (const volume of paths) {
      if (!(await isQcow2(volume))) continue;
      // -U: a running VM holds its disk's lock; reading the header needs none.
      const chain = JSON.parse(await runChecked(this.runner, ['qemu-img', 'info', '-U', '--output=json', '--backing-chain', volume])) as { filename: string; 'full-backing-filename'?: string; 'backing-filename'?: string }[];
      for (const layer of chain) {
        const backing = layer['full-backing-filename'] ?? layer['backing-filename'];
        if (!backing) continue;
        const path = isAbsolute(backing) ? backing : resolve(dirname(layer.filename), backing);
        users.set(path, [...(users.get(path) ?? []), volume]);
      }
    }
    return users;
  }
}

/** `template/<uuid>/<uuid>.qcow2` → the uuid: the first 32-hex-digit folder, else the file's stem. */
export function imageUuidOf(pathInCache: string): string | null {
  const parts = pathInCache.split('/');
  const folder = parts.slice(0, -1).find((p) => UUID.test(p));
  if (folder) return folder;
  const stem = basename(pathInCache).replace(/\.[^.]*$/, '');
  return UUID.test(stem) ? stem : null;
}

/** Regular files below `root` (not following links), none when it does not exist. */
async function files(root: string, depth = 0): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const found: { path: string; size: number }[] = [];
  for (const entry of entries) {
    const path = join(root, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) found.push(...(await files(path, depth + 1)));
    else if (entry.isFile()) {
      // Another host cleaning the same shared directory may have removed it meanwhile.
      const stat = await lstat(path).catch(() => null);
      if (stat) found.push({ path, size: stat.size });
    }
  }
  return found;
}

async function isQcow2(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.equals(QCOW2_MAGIC);
  } finally {
    await handle.close();
  }
}
