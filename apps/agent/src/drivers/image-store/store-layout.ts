// Where things live in an image store directory, and the manifest files. Blobs are named by
// their sha256, so the same content is kept once however many images name it.
import type { ImageManifest } from '#agent-protocol';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** An image uuid as ZStack makes them (32 hex) or with dashes; nothing that could climb out of a folder. */
export const IMAGE_UUID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export class StoreLayout {
  constructor(readonly root: string) {}

  get blobs(): string {
    return join(this.root, 'blobs');
  }
  get images(): string {
    return join(this.root, 'images');
  }
  get exports(): string {
    return join(this.root, 'exports');
  }
  get tmp(): string {
    return join(this.root, 'tmp');
  }

  blob(sha256: string): string {
    return join(this.blobs, sha256);
  }
  manifest(imageUuid: string): string {
    return join(this.images, `${imageUuid}.json`);
  }
  exportRecord(imageUuid: string): string {
    return join(this.exports, `${imageUuid}.json`);
  }
  /** A fresh name in tmp/ for one import's bytes. */
  partialFile(): string {
    return join(this.tmp, `${randomBytes(8).toString('hex')}.part`);
  }

  async create(): Promise<void> {
    for (const dir of [this.blobs, this.images, this.exports, this.tmp]) await mkdir(dir, { recursive: true });
  }

  async readManifest(imageUuid: string): Promise<ImageManifest | null> {
    return readJson<ImageManifest>(this.manifest(imageUuid));
  }

  async writeManifest(manifest: ImageManifest): Promise<void> {
    await writeJsonAtomically(this.manifest(manifest.imageUuid), manifest, this.partialFile());
  }

  async manifests(): Promise<ImageManifest[]> {
    const names = await readdir(this.images).catch(() => [] as string[]);
    const read = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readJson<ImageManifest>(join(this.images, n))));
    return read.filter((m): m is ImageManifest => m !== null).sort((a, b) => a.imageUuid.localeCompare(b.imageUuid));
  }
}

export async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Written beside and renamed into place, so a reader never sees half a file. */
export async function writeJsonAtomically(path: string, value: unknown, scratch: string): Promise<void> {
  await writeFile(scratch, JSON.stringify(value, null, 2));
  await rename(scratch, path);
}
