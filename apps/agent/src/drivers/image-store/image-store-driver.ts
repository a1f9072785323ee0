// A content-addressed image store in a directory (layout in store-layout.ts). Imports stream
// into tmp/ while sha256 and md5 are computed, are checked against the expected checksums, and
// only then become a blob and a manifest: a failed import leaves nothing behind.
import type { ImageManifest, ImageStoreCapacity } from '#agent-protocol';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { readdir, rename, stat, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { hostOperationFailure } from '../../agent-errors.js';
import { newNonce, exportToken, tokenValid, type ExportRecord } from './export-tokens.js';
import { ImageSourceError, openImageSource } from './image-source.js';
import { readJson, SHA256_HEX, StoreLayout, writeJsonAtomically } from './store-layout.js';

export interface ImportRequest {
  storePath: string;
  imageUuid: string;
  url: string;
  expectedSha256?: string;
  expectedMd5?: string;
}

export interface ImportProgress {
  bytes: number;
  totalBytes: number | null;
}

export interface ImageExport {
  expiresAtMs: number;
  token: string;
}

export interface ImageDownload {
  stream: ReadStream;
  size: number;
}

export interface ImageStoreDriver {
  /** Creates the store's folders when missing; the capacity of its file system. */
  connect(storePath: string): Promise<ImageStoreCapacity>;
  importImage(request: ImportRequest, onProgress: (progress: ImportProgress) => void): Promise<ImageManifest>;
  images(storePath: string): Promise<ImageManifest[]>;
  /** Removes the manifest (and any export); the blob stays until reclaim. */
  deleteImage(storePath: string, imageUuid: string): Promise<boolean>;
  exportImage(storePath: string, imageUuid: string, expiresInSeconds: number): Promise<ImageExport>;
  deleteExport(storePath: string, imageUuid: string): Promise<boolean>;
  /** The image's bytes when the token is valid now; null otherwise. */
  openDownload(storePath: string, imageUuid: string, expiresAtMs: number, token: string): Promise<ImageDownload | null>;
  /** Removes the blobs no manifest names and what interrupted imports left in tmp/. */
  reclaim(storePath: string): Promise<{ removedBlobs: string[]; removedPartialFiles: string[]; reclaimedBytes: number }>;
}

export interface DirectoryImageStoreOptions {
  /** The clock that dates manifests and judges expiries. */
  now?: () => number;
  /** An import whose source sends nothing for this long fails (and keeps nothing). */
  idleTimeoutMs?: number;
}

/** Five minutes without a byte: the mirror is gone, not slow. */
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export class DirectoryImageStoreDriver implements ImageStoreDriver {
  /** Commits and reclaims of one store run one at a time, so a reclaim never takes a blob whose
   *  manifest is being written. */
  private readonly locks = new Map<string, Promise<unknown>>();
  /** tmp/ files of imports in flight: reclaim leaves them alone, and takes what a crash left. */
  private readonly partialsInFlight = new Set<string>();

  private readonly now: () => number;
  private readonly idleTimeoutMs: number;

  constructor(
    private readonly secret: string,
    options: DirectoryImageStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  async connect(storePath: string): Promise<ImageStoreCapacity> {
    await new StoreLayout(storePath).create();
    const fs = await statfs(storePath);
    return { totalBytes: fs.blocks * fs.bsize, availableBytes: fs.bavail * fs.bsize };
  }

  async importImage(request: ImportRequest, onProgress: (progress: ImportProgress) => void): Promise<ImageManifest> {
    const layout = new StoreLayout(request.storePath);
    await layout.create();
    if (await layout.readManifest(request.imageUuid)) throw hostOperationFailure(`image ${request.imageUuid} is already in the store ${request.storePath}`);
    const partial = layout.partialFile();
    this.partialsInFlight.add(partial);
    try {
      const received = await receive(request.url, partial, this.idleTimeoutMs, onProgress);
      verifyChecksum('sha256', request.expectedSha256, received.sha256, request.url);
      verifyChecksum('md5', request.expectedMd5, received.md5, request.url);
      const manifest: ImageManifest = { imageUuid: request.imageUuid, ...received, sourceUrl: request.url, createdAt: new Date(this.now()).toISOString() };
      await this.locked(request.storePath, () => commit(layout, partial, manifest));
      return manifest;
    } finally {
      await unlink(partial).catch(() => undefined);
      this.partialsInFlight.delete(partial);
    }
  }

  images(storePath: string): Promise<ImageManifest[]> {
    return new StoreLayout(storePath).manifests();
  }

  async deleteImage(storePath: string, imageUuid: string): Promise<boolean> {
    const layout = new StoreLayout(storePath);
    await this.deleteExport(storePath, imageUuid);
    return removed(layout.manifest(imageUuid));
  }

  async exportImage(storePath: string, imageUuid: string, expiresInSeconds: number): Promise<ImageExport> {
    const layout = new StoreLayout(storePath);
    if (!(await layout.readManifest(imageUuid))) throw hostOperationFailure(`no image ${imageUuid} in the store ${storePath}`);
    const record: ExportRecord = { imageUuid, expiresAtMs: this.now() + expiresInSeconds * 1000, nonce: newNonce() };
    // Under the store's lock: its scratch file in tmp/ is one reclaim would otherwise take.
    await this.locked(storePath, () => writeJsonAtomically(layout.exportRecord(imageUuid), record, layout.partialFile()));
    return { expiresAtMs: record.expiresAtMs, token: exportToken(this.secret, storePath, record) };
  }

  deleteExport(storePath: string, imageUuid: string): Promise<boolean> {
    return removed(new StoreLayout(storePath).exportRecord(imageUuid));
  }

  async openDownload(storePath: string, imageUuid: string, expiresAtMs: number, token: string): Promise<ImageDownload | null> {
    const layout = new StoreLayout(storePath);
    const record = await readJson<ExportRecord>(layout.exportRecord(imageUuid)).catch(() => null);
    if (!record || !tokenValid(this.secret, storePath, record, expiresAtMs, token, this.now())) return null;
    const manifest = await layout.readManifest(imageUuid);
    if (!manifest) return null;
    return { stream: createReadStream(layout.blob(manifest.sha256)), size: manifest.size };
  }

  reclaim(storePath: string): Promise<{ removedBlobs: string[]; removedPartialFiles: string[]; reclaimedBytes: number }> {
    return this.locked(storePath, async () => {
      const layout = new StoreLayout(storePath);
      const referenced = new Set((await layout.manifests()).map((m) => m.sha256));
      const blobs = await removeFiles(layout.blobs, (name) => SHA256_HEX.test(name) && !referenced.has(name));
      const partials = await removeFiles(layout.tmp, (name) => !this.partialsInFlight.has(join(layout.tmp, name)));
      return { removedBlobs: blobs.names, removedPartialFiles: partials.names, reclaimedBytes: blobs.bytes + partials.bytes };
    });
  }

  private locked<T>(storePath: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(storePath) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(storePath, next);
    void next.finally(() => this.locks.get(storePath) === next && this.locks.delete(storePath)).catch(() => undefined);
    return next;
  }
}

/** Streams the source into `partial`, hashing on the way. */
async function receive(url: string, partial: string, idleTimeoutMs: number, onProgress: (progress: ImportProgress) => void): Promise<{ sha256: string; md5: string; size: number }> {
  const source = await openImageSource(url).catch((err: Error) => {
    throw err instanceof ImageSourceError ? hostOperationFailure(err.message) : err;
  });
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  const stalled = (): void => void source.stream.destroy(new Error(`nothing received for ${idleTimeoutMs / 1000} s`));
  const idle = setTimeout(stalled, idleTimeoutMs);
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      idle.refresh();
      sha256.update(chunk);
      md5.update(chunk);
      size += chunk.length;
      onProgress({ bytes: size, totalBytes: source.totalBytes });
      done(null, chunk);
    },
  });
  try {
    await pipeline(source.stream, hashing, createWriteStream(partial, { flags: 'wx' }));
  } catch (err) {
    throw hostOperationFailure(`cannot import ${url}: ${(err as Error).message}`);
  } finally {
    clearTimeout(idle);
  }
  if (source.totalBytes !== null && size !== source.totalBytes) {
    throw hostOperationFailure(`cannot import ${url}: received ${size} bytes of the ${source.totalBytes} announced`);
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), size };
}

function verifyChecksum(kind: 'sha256' | 'md5', expected: string | undefined, actual: string, url: string): void {
  if (expected !== undefined && expected.toLowerCase() !== actual) {
    throw hostOperationFailure(`${kind} mismatch for ${url}: expected ${expected.toLowerCase()}, got ${actual}; nothing was kept`);
  }
}

/** The blob once per content (an identical one already there is reused), then the manifest. */
async function commit(layout: StoreLayout, partial: string, manifest: ImageManifest): Promise<void> {
  if (await layout.readManifest(manifest.imageUuid)) throw hostOperationFailure(`image ${manifest.imageUuid} is already in the store ${layout.root}`);
  const blob = layout.blob(manifest.sha256);
  const blobExisted = await stat(blob).then(() => true, () => false);
  if (!blobExisted) await rename(partial, blob);
  try {
    await layout.writeManifest(manifest);
  } catch (err) {
    if (!blobExisted) await unlink(blob).catch(() => undefined);
    throw err;
  }
}

/** Removes the files of `dir` that `remove` picks: their names (sorted) and bytes. */
async function removeFiles(dir: string, remove: (name: string) => boolean): Promise<{ names: string[]; bytes: number }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(remove).sort();
  let bytes = 0;
  for (const name of names) {
    bytes += (await stat(join(dir, name))).size;
    await unlink(join(dir, name));
  }
  return { names, bytes };
}

async function removed(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
