import { describe, expect, it } from 'vitest';
import { checkNfsUrl, mountOptionsOf } from './nfs-url.js';

describe('NFS urls', () => {
  it('takes server:/path with a host name, an IPv4 or a bracketed IPv6 server', () => {
    expect(checkNfsUrl('nfs1.example.com:/export/zstack/')).toBe('nfs1.example.com:/export/zstack');
    expect(checkNfsUrl('192.168.0.10:/')).toBe('192.168.0.10:/');
    expect(checkNfsUrl('[fd00::10]:/export')).toBe('[fd00::10]:/export');
  });

  it('refuses a relative path, a missing server, options smuggled in and ".." parts', () => {
    for (const bad of ['server:export', ':/export', '-o:/x', 'server:/a/../b', '/export', 'a b:/x']) expect(() => checkNfsUrl(bad), bad).toThrow(/server:\/export\/path/);
  });
});

describe('NFS mount options', () => {
  it('come from the nfs::mount::options system tag', () => {
    expect(mountOptionsOf(['other::tag', 'nfs::mount::options::vers=4.1,hard,timeo=600'])).toEqual(['vers=4.1', 'hard', 'timeo=600']);
    expect(mountOptionsOf([])).toEqual([]);
  });

  it('refuses what is not name or name=value', () => {
    expect(() => mountOptionsOf(['nfs::mount::options::vers=4.1,-o exec'])).toThrow(/"-o exec"/);
  });
});
