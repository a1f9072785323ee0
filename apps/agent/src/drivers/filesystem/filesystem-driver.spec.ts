// The file system driver on this machine's real file systems: a 64 MiB tmpfs mounted for the
// test (so its capacity is known to the byte), a bind mount of it standing in for a second
// host that sees the same file system, and a second tmpfs for one that does not.
// NFS: there is no NFS client or server here. The mount command really runs and really fails
// (its stderr must come back); the successful mount is replayed from findmnt/df output
// written for this test in their real format, and mount.nfs's error from a recording.
import type { MountEntry } from '#agent-protocol';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner, type CommandResult, type CommandRunner, type RunOptions } from '../../command-runner.js';
import { LinuxFilesystemDriver, markerFile } from './filesystem-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-fs-'));
const shared = join(dir, 'shared');
const sameFsElsewhere = join(dir, 'bind');
const otherFs = join(dir, 'other');
const logFile = join(dir, 'agent.log');
const driver = new LinuxFilesystemDriver(new SpawnCommandRunner(new AgentLog(logFile)));
const MIB = 1024 * 1024;

beforeAll(() => {
  for (const d of [shared, sameFsElsewhere, otherFs]) mkdirSync(d);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'zstack-test-shared', shared]);
  execFileSync('mount', ['--bind', shared, sameFsElsewhere]);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'zstack-test-other', otherFs]);
});

afterAll(() => {
  for (const d of [sameFsElsewhere, shared, otherFs]) execFileSync('umount', [d]);
  rmSync(dir, { recursive: true, force: true });
});

describe('local and shared mount point storage on real file systems', () => {
  it('creates the directory, proves it writable and measures the file system holding it', async () => {
    const capacity = await driver.prepare(join(shared, 'zstack', 'ps-1'));
    expect(capacity).toEqual({ path: join(shared, 'zstack', 'ps-1'), source: 'zstack-test-shared', fstype: 'tmpfs', mountPoint: shared, totalBytes: 64 * MIB, usedBytes: 0, availableBytes: 64 * MIB });
    writeFileSync(join(shared, 'zstack', 'ps-1', 'disk.img'), Buffer.alloc(MIB));
    expect(await driver.capacity(join(shared, 'zstack', 'ps-1'))).toMatchObject({ usedBytes: MIB, availableBytes: 63 * MIB });
  });

  it('answers a directory it cannot write with the reason', async () => {
    mkdirSync(join(otherFs, 'ps'));
    execFileSync('mount', ['-o', 'remount,ro', otherFs]);
    try {
      await expect(driver.prepare(join(otherFs, 'ps'))).rejects.toMatchObject({ error: { code: 'HOST.1000', details: expect.stringMatching(/not a writable directory: .*read-only file system/) } });
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', otherFs]);
    }
  });

  it('finds the marker through another mount of the same file system, not on a different one', async () => {
    await driver.writeMarker(shared, 'ps-1-0b4d');
    expect(readFileSync(markerFile(shared, 'ps-1-0b4d'), 'utf8')).toBe('ps-1-0b4d\n');
    expect(await driver.readMarker(sameFsElsewhere, 'ps-1-0b4d')).toBe(true);
    expect(await driver.readMarker(otherFs, 'ps-1-0b4d')).toBe(false);
    await driver.removeMarker(sameFsElsewhere, 'ps-1-0b4d');
    expect(await driver.readMarker(shared, 'ps-1-0b4d')).toBe(false);
  });

  it('lists the mounts findmnt shows, the test file systems among them', async () => {
    const mounts = await driver.mounts();
    expect(mounts).toContainEqual(expect.objectContaining({ mountPoint: otherFs, source: 'zstack-test-other', fstype: 'tmpfs' }));
    expect(mounts).toContainEqual(expect.objectContaining({ mountPoint: sameFsElsewhere, source: 'zstack-test-shared' }));
  });

  it('reads the mount table from plain `mount` where findmnt has no --json (replayed: recorded `mount` output)', async () => {
    const recorded = readFileSync(new URL('./fixtures/mount-2.38.1-list-debian12-epyc-vm.txt', import.meta.url), 'utf8');
    const oldHost: CommandRunner = {
      run: async (argv) =>
        argv[0] === 'findmnt'
          ? { argv: [...argv], returnCode: 1, stdout: '', stderr: "findmnt: unrecognized option '--json'\n", timedOut: false, started: true }
          : { argv: [...argv], returnCode: 0, stdout: recorded, stderr: '', timedOut: false, started: true },
    };
    expect(await new LinuxFilesystemDriver(oldHost).mounts()).toContainEqual({ mountPoint: '/', source: '/dev/vda', fstype: 'ext4', options: ['rw', 'relatime', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'] });
  });

  it('refuses to mount an export over a mount point that holds something else', async () => {
    await expect(driver.mountNfs({ url: '127.0.0.1:/export/zstack', mountPoint: otherFs })).rejects.toMatchObject({
      error: { details: `${otherFs} has zstack-test-other (tmpfs) mounted already; unmount it first` },
    });
  });
});

describe('NFS', () => {
  it("fails the mount with the mount command's own stderr (really run: no NFS on this machine)", async () => {
    const mountPoint = join(dir, 'nfs-real');
    const failure = driver.mountNfs({ url: '127.0.0.1:/export/zstack', mountPoint, options: ['vers=4.1', 'hard'] });
    // `mount.nfs: No such device` with nfs-common installed, `unknown filesystem type 'nfs'` without
    await expect(failure).rejects.toMatchObject({ error: { code: 'HOST.1000', details: expect.stringMatching(/^`mount -t nfs -o vers=4.1,hard 127.0.0.1:\/export\/zstack .*nfs-real` exited with 32: mount/) } });
    const logged = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"mount"'));
    expect(logged.at(-1)).toContain('"returnCode":32');
  });

  it('mounts, answers the mount and its capacity, and is idempotent (replayed: findmnt and df written for this test)', async () => {
    const host = new NfsHost();
    const nfs = new LinuxFilesystemDriver(host);
    const first = await nfs.mountNfs({ url: '10.0.0.5:/export/zstack', mountPoint: '/var/lib/zstack/nfs/ps-1', options: ['vers=4.1'] });
    expect(first).toEqual({ mount: host.nfsMount, capacity: expect.objectContaining({ source: '10.0.0.5:/export/zstack', totalBytes: 107374182400 }), mounted: true });
    expect((await nfs.mountNfs({ url: '10.0.0.5:/export/zstack/', mountPoint: '/var/lib/zstack/nfs/ps-1' })).mounted).toBe(false);
    expect(host.ran.filter((argv) => argv[0] === 'mount')).toEqual([['mount', '-t', 'nfs', '-o', 'vers=4.1', '10.0.0.5:/export/zstack', '/var/lib/zstack/nfs/ps-1']]);
    expect(await nfs.unmount('/var/lib/zstack/nfs/ps-1')).toBe(true);
    expect(await nfs.unmount('/var/lib/zstack/nfs/ps-1')).toBe(false);
  });

  it('answers the recorded mount.nfs error of a host without the NFS kernel client', async () => {
    const host = new NfsHost(readFileSync(new URL('./fixtures/mount-nfs-2.6.2-no-nfs-kernel-client-stderr-debian12-epyc-vm.txt', import.meta.url), 'utf8'));
    await expect(new LinuxFilesystemDriver(host).mountNfs({ url: '10.0.0.5:/export/zstack', mountPoint: '/var/lib/zstack/nfs/ps-1' })).rejects.toMatchObject({
      error: { details: '`mount -t nfs 10.0.0.5:/export/zstack /var/lib/zstack/nfs/ps-1` exited with 32: mount.nfs: No such device' },
    });
  });
});

/** A host whose findmnt, df, mount and umount answer as an NFS client's would. */
class NfsHost implements CommandRunner {
  readonly ran: string[][] = [];
  readonly nfsMount: MountEntry = { mountPoint: '/var/lib/zstack/nfs/ps-1', source: '10.0.0.5:/export/zstack', fstype: 'nfs4', options: ['rw', 'relatime', 'vers=4.1'] };
  private mounted = false;
  constructor(private readonly mountError: string | null = null) {}

  async run(argv: readonly string[], _options?: RunOptions): Promise<CommandResult> {
    this.ran.push([...argv]);
    const answer = (stdout: string, returnCode = 0, stderr = ''): CommandResult => ({ argv: [...argv], returnCode, stdout, stderr, timedOut: false, started: true });
    const nfs = this.nfsMount;
    if (argv[0] === 'findmnt') {
      const rows = [{ target: '/', source: '/dev/vda', fstype: 'ext4', options: 'rw' }];
      if (this.mounted) rows.push({ target: nfs.mountPoint, source: nfs.source, fstype: nfs.fstype, options: nfs.options.join(',') });
      return answer(JSON.stringify({ filesystems: rows }));
    }
    if (argv[0] === 'df') return answer(`Filesystem              Type  1B-blocks       Used       Avail Mounted on\n${nfs.source} nfs4 107374182400 1073741824 106300440576 ${nfs.mountPoint}\n`);
    if (argv[0] === 'mount' && this.mountError !== null) return answer('', 32, this.mountError);
    this.mounted = argv[0] === 'mount';
    return answer('');
  }
}
