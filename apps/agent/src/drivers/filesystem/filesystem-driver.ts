// File systems for primary storage: a local directory, a shared mount point, an NFS export.
// The agent prepares and measures directories, writes the marker files that show several
// hosts see one file system, and mounts NFS exports with checked options (never a shell).
import type { FilesystemCapacity, MountEntry, NfsMountCommand } from '#agent-protocol';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { PLAIN_LOCALE, runChecked } from '../tools/tool-output.js';
import { DF_COLUMNS, FINDMNT_COLUMNS, parseDfCapacity, parseFindmntJson, parseMountList } from './mount-output.js';
import { nfsMountArgv, sameExport } from './nfs-mount-options.js';

export interface FilesystemDriver {
  /** Creates the directory and its parents, proves it writable, and measures it. */
  prepare(path: string): Promise<FilesystemCapacity>;
  capacity(path: string): Promise<FilesystemCapacity>;
  writeMarker(directory: string, token: string): Promise<void>;
  /** Whether the marker is there with its token. */
  readMarker(directory: string, token: string): Promise<boolean>;
  removeMarker(directory: string, token: string): Promise<void>;
  mounts(): Promise<MountEntry[]>;
  /** Mounts the export (idempotent when it is mounted there already); `mounted` says whether it did. */
  mountNfs(command: NfsMountCommand): Promise<{ mount: MountEntry; capacity: FilesystemCapacity; mounted: boolean }>;
  /** Unmounts; false when nothing was mounted there. */
  unmount(mountPoint: string): Promise<boolean>;
}

/** An NFS server that does not answer: mount.nfs retries for minutes by default. */
const MOUNT_TIMEOUT_MS = 120_000;

export const markerFile = (directory: string, token: string): string => join(directory, `.zstack-marker-${token}`);

export class LinuxFilesystemDriver implements FilesystemDriver {
  constructor(private readonly runner: CommandRunner) {}

  async prepare(path: string): Promise<FilesystemCapacity> {
    const probe = join(path, `.zstack-write-probe-${randomUUID()}`);
    try {
      await mkdir(path, { recursive: true });
      await writeFile(probe, 'zstack\n');
      await rm(probe);
    } catch (err) {
      throw hostOperationFailure(`${path} is not a writable directory: ${(err as Error).message}`);
    }
    return this.capacity(path);
  }

  async capacity(path: string): Promise<FilesystemCapacity> {
    return parseDfCapacity(await runChecked(this.runner, ['df', '-B1', `--output=${DF_COLUMNS}`, path]), path);
  }

  async writeMarker(directory: string, token: string): Promise<void> {
    await writeFile(markerFile(directory, token), `${token}\n`).catch((err: Error) => {
      throw hostOperationFailure(`cannot write the marker in ${directory}: ${err.message}`);
    });
  }

  async readMarker(directory: string, token: string): Promise<boolean> {
    const text = await readFile(markerFile(directory, token), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw hostOperationFailure(`cannot read the marker in ${directory}: ${err.message}`);
    });
    return text?.trim() === token;
  }

  async removeMarker(directory: string, token: string): Promise<void> {
    await rm(markerFile(directory, token), { force: true }).catch((err: Error) => {
      throw hostOperationFailure(`cannot remove the marker in ${directory}: ${err.message}`);
    });
  }

  async mounts(): Promise<MountEntry[]> {
    const findmnt = await this.runner.run(['findmnt', '--json', '-o', FINDMNT_COLUMNS], { env: PLAIN_LOCALE });
    if (findmnt.returnCode === 0) return parseFindmntJson(findmnt.stdout);
    // No findmnt (busybox), or one without --json (util-linux before 2.27, as on CentOS 7):
    // plain mount lists the same table.
    return parseMountList(await runChecked(this.runner, ['mount']));
  }

  async mountNfs(command: NfsMountCommand): Promise<{ mount: MountEntry; capacity: FilesystemCapacity; mounted: boolean }> {
    const argv = nfsMountArgv(command.url, command.mountPoint, command.options ?? []);
    const existing = await this.mountAt(command.mountPoint);
    if (existing && !(existing.fstype.startsWith('nfs') && sameExport(existing.source, command.url))) {
      throw hostOperationFailure(`${command.mountPoint} has ${existing.source} (${existing.fstype}) mounted already; unmount it first`);
    }
    if (!existing) {
      await mkdir(command.mountPoint, { recursive: true }).catch((err: Error) => {
        throw hostOperationFailure(`cannot create the mount point ${command.mountPoint}: ${err.message}`);
      });
      // A failed mount answers with mount's own stderr ("mount.nfs: access denied by server").
      await runChecked(this.runner, argv, { timeoutMs: MOUNT_TIMEOUT_MS });
    }
    const mount = await this.mountAt(command.mountPoint);
    if (!mount) throw hostOperationFailure(`mount reported success but ${command.mountPoint} is not a mount point`);
    return { mount, capacity: await this.capacity(command.mountPoint), mounted: !existing };
  }

  async unmount(mountPoint: string): Promise<boolean> {
    if (!(await this.mountAt(mountPoint))) return false;
    await runChecked(this.runner, ['umount', mountPoint], { timeoutMs: MOUNT_TIMEOUT_MS });
    return true;
  }

  /** The last mount on the path: the one a process sees when several are stacked. */
  private async mountAt(mountPoint: string): Promise<MountEntry | undefined> {
    return (await this.mounts()).filter((m) => m.mountPoint === mountPoint).at(-1);
  }
}
