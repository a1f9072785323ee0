// Recorded on this project's test machine (Debian 12, util-linux 2.38.1, coreutils 9.1):
// `findmnt --json -o TARGET,SOURCE,FSTYPE,OPTIONS` (all mounts, and `--mountpoint /`), plain
// `mount`, and `df -B1 --output=source,fstype,size,used,avail,target /tmp /proc /dev/shm`.
// One mount of the machine's own sandboxing was cut from the findmnt and mount recordings.
// NFS cannot run here (no kernel client, no server): the NFS lines below are written for
// this test in the form findmnt and mount print them, and say so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDfCapacity, parseFindmntJson, parseMountList } from './mount-output.js';
import { nfsMountArgv, nfsMountOptions, parseNfsUrl, sameExport } from './nfs-mount-options.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('mount tables, recorded from util-linux 2.38.1', () => {
  it('flattens the findmnt tree in mount order, children after their parent', () => {
    const mounts = parseFindmntJson(fixture('findmnt-2.38.1-json-all-debian12-epyc-vm.json'));
    expect(mounts[0]).toEqual({ mountPoint: '/', source: '/dev/vda', fstype: 'ext4', options: ['rw', 'relatime', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'] });
    expect(mounts.map((m) => m.mountPoint)).toEqual(expect.arrayContaining(['/proc', '/sys', '/sys/fs/cgroup/cpu', '/dev', '/dev/pts', '/dev/shm']));
    expect(mounts.findIndex((m) => m.mountPoint === '/sys/fs/cgroup')).toBeLessThan(mounts.findIndex((m) => m.mountPoint === '/sys/fs/cgroup/cpu'));
    expect(mounts).toHaveLength(19);
  });

  it('reads one mount point, and nothing from the empty output of a path with no mount', () => {
    expect(parseFindmntJson(fixture('findmnt-2.38.1-json-mountpoint-root-debian12-epyc-vm.json'))).toEqual([
      { mountPoint: '/', source: '/dev/vda', fstype: 'ext4', options: ['rw', 'relatime', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'] },
    ]);
    expect(parseFindmntJson('')).toEqual([]);
  });

  it('reads the same table from plain `mount`', () => {
    const fromMount = parseMountList(fixture('mount-2.38.1-list-debian12-epyc-vm.txt'));
    const fromFindmnt = parseFindmntJson(fixture('findmnt-2.38.1-json-all-debian12-epyc-vm.json'));
    const key = (m: { mountPoint: string; source: string; fstype: string }): string => `${m.mountPoint} ${m.source} ${m.fstype}`;
    expect(new Set(fromMount.map(key))).toEqual(new Set(fromFindmnt.map(key)));
    expect(fromMount.find((m) => m.mountPoint === '/dev/shm')).toEqual({ mountPoint: '/dev/shm', source: 'tmpfs', fstype: 'tmpfs', options: ['rw', 'relatime', 'size=24684084k'] });
  });

  it('reads an NFS mount from findmnt and mount (written for this test: no NFS here)', () => {
    const findmnt = '{"filesystems": [{"target": "/var/lib/zstack/nfs/ps-1", "source": "10.0.0.5:/export/zstack", "fstype": "nfs4", "options": "rw,relatime,vers=4.1,hard,proto=tcp"}]}';
    const mount = '10.0.0.5:/export/zstack on /var/lib/zstack/nfs/ps-1 type nfs4 (rw,relatime,vers=4.1,hard,proto=tcp)\n';
    const expected = { mountPoint: '/var/lib/zstack/nfs/ps-1', source: '10.0.0.5:/export/zstack', fstype: 'nfs4', options: ['rw', 'relatime', 'vers=4.1', 'hard', 'proto=tcp'] };
    expect(parseFindmntJson(findmnt)).toEqual([expected]);
    expect(parseMountList(mount)).toEqual([expected]);
  });
});

describe('df -B1, recorded from coreutils 9.1', () => {
  const [root, proc, shm] = fixture('df-9.1-b1-output-root-proc-shm-debian12-epyc-vm.txt').split('\n').slice(1);
  const header = 'Filesystem     Type     1B-blocks        Used       Avail Mounted on';

  it('reads the file system holding a path, in bytes', () => {
    expect(parseDfCapacity(`${header}\n${root}\n`, '/tmp')).toEqual({
      path: '/tmp',
      source: '/dev/vda',
      fstype: 'ext4',
      mountPoint: '/',
      totalBytes: 270553174016,
      usedBytes: 25117532160,
      // ext4 keeps blocks for root: avail is less than total - used
      availableBytes: 83826761728,
    });
    expect(parseDfCapacity(`${header}\n${shm}\n`, '/dev/shm')).toMatchObject({ source: 'tmpfs', totalBytes: 25276502016, usedBytes: 1077248 });
    expect(parseDfCapacity(`${header}\n${proc}\n`, '/proc')).toMatchObject({ fstype: 'proc', totalBytes: 0 });
  });

  it('fails on output without the header it asked for', () => {
    expect(() => parseDfCapacity("df: /nowhere: No such file or directory\n", '/nowhere')).toThrow(/df printed no capacity row for \/nowhere/);
  });
});

describe('NFS exports and mount options', () => {
  it('builds the mount command as an argument array from an export and allowed options', () => {
    expect(nfsMountArgv('10.0.0.5:/export/zstack', '/mnt/ps', ['vers=4.1', 'hard', 'timeo=600', 'nconnect=4'])).toEqual([
      'mount', '-t', 'nfs', '-o', 'vers=4.1,hard,timeo=600,nconnect=4', '10.0.0.5:/export/zstack', '/mnt/ps',
    ]);
    expect(nfsMountArgv('[fd00::5]:/export', '/mnt/ps', [])).toEqual(['mount', '-t', 'nfs', '[fd00::5]:/export', '/mnt/ps']);
    expect(parseNfsUrl('nfs.example.com:/srv/nfs/zstack')).toEqual({ server: 'nfs.example.com', exportPath: '/srv/nfs/zstack' });
  });

  it('refuses options off the allow-list, bad values and options smuggled in with commas', () => {
    expect(() => nfsMountOptions(['exec'])).toThrow('mount option "exec" is not one the agent allows for NFS');
    expect(() => nfsMountOptions(['context=system_u:object_r:nfs_t:s0'])).toThrow('"context"');
    expect(() => nfsMountOptions(['vers=5'])).toThrow('mount option vers does not take the value "5"');
    expect(() => nfsMountOptions(['timeo'])).toThrow('mount option timeo needs a value');
    expect(() => nfsMountOptions(['hard,suid'])).toThrow('"hard,suid"');
  });

  it('refuses servers that could read as options and export paths with commas or ".."', () => {
    expect(() => parseNfsUrl('-oexec:/x')).toThrow('url names no valid server');
    expect(() => parseNfsUrl('10.0.0.5:export')).toThrow('absolute export path');
    expect(() => parseNfsUrl('10.0.0.5:/a,exec')).toThrow('absolute export path');
    expect(() => parseNfsUrl('10.0.0.5:/a/../etc')).toThrow('no ".."');
    expect(() => parseNfsUrl('/just/a/path')).toThrow('url must be server:/export/path');
  });

  it('takes an export with or without a trailing slash as the same one', () => {
    expect(sameExport('10.0.0.5:/export/zstack/', '10.0.0.5:/export/zstack')).toBe(true);
    expect(sameExport('10.0.0.5:/export/other', '10.0.0.5:/export/zstack')).toBe(false);
  });
});
