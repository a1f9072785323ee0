// Moving a volume's file to another host (local storage) or another storage (shared mount
// point, NFS), as ZStack's KVM agent does for LocalStorageMigrateVolume: the source agent
// shares the volume and the image cache file it is an overlay on, for a while, under random
// share ids (a share id in the URL is the authority, as an image export's token is); the
// destination agent downloads the image into its own cache when it lacks it, then the volume,
// checks each sha256, points the volume at its own cache file (`qemu-img rebase -u`: the
// bytes are the same, only the path differs) and renames it into place, so a volume file is
// whole or absent.
import type { ReceiveVolumeCommand, SharedVolumeFile, ShareVolumeCommand } from '#agent-protocol';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { commandFailure, hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { downloadVerified, parseQemuImgInfo, type RootVolume } from './root-volume-driver.js';

export const SHARE_ID = /^[0-9a-f]{32}$/;

interface Share {
  path: string;
  expiresAtMs: number;
}

export interface VolumeTransferDriver {
  share(command: ShareVolumeCommand): Promise<{ volume: SharedVolumeFile; backing: SharedVolumeFile | null }>;
  unshare(shareIds: string[]): void;
  /** A shared file's bytes while its share lasts; null otherwise. */
  open(shareId: string): Promise<{ stream: Readable; size: number } | null>;
  receive(command: ReceiveVolumeCommand): Promise<RootVolume>;
}

export class QemuImgVolumeTransferDriver implements VolumeTransferDriver {
  private readonly shares = new Map<string, Share>();

  constructor(
    private readonly runner: CommandRunner,
    /** This agent's http base URL, as others reach it. */
    private readonly baseUrl: string,
    private readonly downloadPrefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async share(command: ShareVolumeCommand): Promise<{ volume: SharedVolumeFile; backing: SharedVolumeFile | null }> {
    const volume = await this.info(command.volumePath);
    let backing: SharedVolumeFile | null = null;
    if (volume.backingFile) {
      const image = await this.info(volume.backingFile);
      // ZStack's layout has one level: the volume on its image. A deeper chain would need every link moved.
      if (image.backingFile) throw hostOperationFailure(`${command.volumePath} is on ${volume.backingFile}, itself on ${image.backingFile}: chains of more than one backing image are not moved`);
      backing = await this.shareFile(volume.backingFile, image.format, command.expiresInSeconds);
    }
    return { volume: await this.shareFile(command.volumePath, volume.format, command.expiresInSeconds), backing };
  }

  unshare(shareIds: string[]): void {
    for (const id of shareIds) this.shares.delete(id);
  }

  async open(shareId: string): Promise<{ stream: Readable; size: number } | null> {
    const share = this.shares.get(shareId);
    if (!share) return null;
    if (share.expiresAtMs <= this.now()) {
      this.shares.delete(shareId);
      return null;
    }
    const size = await stat(share.path).then((s) => s.size, () => null);
    return size === null ? null : { stream: createReadStream(share.path), size };
  }

  async receive(command: ReceiveVolumeCommand): Promise<RootVolume> {
    // The URLs hold share ids: errors say "the source host", never the URL.
    const urls = [command.volume.url, ...(command.backing ? [command.backing.url] : [])];
    const hidden = (text: string) => urls.reduce((said, url) => said.replaceAll(url, '<the source host>'), text);
    const { backing } = command;
    if (backing && !(await isFile(backing.path))) await downloadVerified(backing.url, backing.sha256, backing.path, `the backing image ${backing.path}`, hidden);
    const partial = `${command.volumePath}.${randomBytes(6).toString('hex')}.receiving`;
    try {
      await downloadVerified(command.volume.url, command.volume.sha256, partial, `the volume for ${command.volumePath}`, hidden);
      if (backing) {
        const rebased = await this.runner.run(['qemu-img', 'rebase', '-u', '-F', backing.format, '-b', backing.path, partial]);
        if (rebased.returnCode !== 0) throw commandFailure(rebased);
      }
      await rename(partial, command.volumePath);
    } finally {
      await rm(partial, { force: true });
    }
    const info = await this.info(command.volumePath);
    return { path: command.volumePath, size: info.virtualSize, actualSize: info.actualSize };
  }

  private async shareFile(path: string, format: string, expiresInSeconds: number): Promise<SharedVolumeFile> {
    const shareId = randomBytes(16).toString('hex');
    const sha256 = await sha256Of(path);
    this.shares.set(shareId, { path, expiresAtMs: this.now() + expiresInSeconds * 1000 });
    return { path, url: `${this.baseUrl}${this.downloadPrefix}/${shareId}`, shareId, size: (await stat(path)).size, sha256, format: format === 'raw' ? 'raw' : 'qcow2' };
  }

  private async info(path: string) {
    if (!(await isFile(path))) throw hostOperationFailure(`${path} is not a file on this host`);
    const info = await this.runner.run(['qemu-img', 'info', '-U', '--output=json', path]);
    if (info.returnCode !== 0) throw commandFailure(info);
    return parseQemuImgInfo(info.stdout);
  }
}

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
