// Root volumes on a host's file-system primary storage (local storage, shared mount point,
// NFS): the image is downloaded once into the storage's image cache, its sha256 checked,
// then each volume is a qcow2 overlay on the cached image (`qemu-img create -b`), as ZStack's
// KVM agent does. Downloads go to a temporary name and are renamed into place, so a cache
// file is always whole; two VMs of one image never download it twice at the same time.
import type { CreateRootVolumeCommand } from '#agent-protocol';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { commandFailure, hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { ImageSourceError, openImageSource } from '../image-store/image-source.js';

export interface RootVolume {
  path: string;
  /** Virtual size (what the guest sees). */
  size: number;
  /** Bytes on disk. */
  actualSize: number;
}

export interface RootVolumeDriver {
  create(command: CreateRootVolumeCommand): Promise<RootVolume>;
  /** Removes the volume's file (and its folder once empty); an absent file is already gone. */
  delete(volumePath: string): Promise<void>;
}

/** What `qemu-img info --output=json` says of a file. */
export function parseQemuImgInfo(json: string): { virtualSize: number; actualSize: number; format: string; backingFile: string | null } {
  const info = JSON.parse(json) as { 'virtual-size': number; 'actual-size'?: number; format: string; 'backing-filename'?: string };
  return { virtualSize: info['virtual-size'], actualSize: info['actual-size'] ?? 0, format: info.format, backingFile: info['backing-filename'] ?? null };
}

export class QemuImgRootVolumeDriver implements RootVolumeDriver {
  private readonly downloads = new Map<string, Promise<string>>();

  constructor(private readonly runner: CommandRunner) {}

  async create(command: CreateRootVolumeCommand): Promise<RootVolume> {
    const cached = await this.cachedImage(command);
    await mkdir(dirname(command.volumePath), { recursive: true });
    const made = await this.runner.run(['qemu-img', 'create', '-f', 'qcow2', '-F', command.imageFormat, '-b', cached, command.volumePath]);
    if (made.returnCode !== 0) throw commandFailure(made);
    return { path: command.volumePath, ...(await this.sizes(command.volumePath)) };
  }

  async delete(volumePath: string): Promise<void> {
    await rm(volumePath, { force: true });
    await rmdir(dirname(volumePath)).catch(() => undefined); // only when now empty
  }

  private async sizes(path: string): Promise<{ size: number; actualSize: number }> {
    const info = await this.runner.run(['qemu-img', 'info', '--output=json', path]);
    if (info.returnCode !== 0) throw commandFailure(info);
    const { virtualSize, actualSize } = parseQemuImgInfo(info.stdout);
    return { size: virtualSize, actualSize };
  }

  /** The cache file of the image, downloaded when absent (one download per image at a time). */
  private cachedImage(command: CreateRootVolumeCommand): Promise<string> {
    const path = join(command.cacheDirectory, command.imageUuid, `${command.imageUuid}.qcow2`);
    let pending = this.downloads.get(path);
    if (!pending) {
      pending = this.download(command, path).finally(() => this.downloads.delete(path));
      this.downloads.set(path, pending);
    }
    return pending;
  }

  private async download(command: CreateRootVolumeCommand, path: string): Promise<string> {
    if (await stat(path).then((s) => s.isFile(), () => false)) return path;
    await downloadVerified(command.imageUrl, command.imageSha256, path, `image ${command.imageUuid}`);
    return path;
  }
}

/** Downloads `url` into `path` through a temporary name, renamed into place only when its
 *  sha256 is `sha256`: `path` is whole or absent, never partial. `what` names it in errors;
 *  `describeUrl` is how the URL appears in them (a share URL is a secret). */
export async function downloadVerified(url: string, sha256: string, path: string, what: string, describeUrl = (text: string) => text): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${randomBytes(6).toString('hex')}.download`;
  try {
    const source = await openImageSource(url);
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(source.stream, hashing, createWriteStream(partial, { mode: 0o644 }));
    const got = hash.digest('hex');
    if (got !== sha256) throw hostOperationFailure(`${what} arrived with sha256 ${got}, not ${sha256}: not kept`);
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    if (err instanceof ImageSourceError) throw hostOperationFailure(describeUrl(err.message));
    throw err;
  }
}
