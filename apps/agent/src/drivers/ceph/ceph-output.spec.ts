// The parsers on output recorded from a real Ceph 16.2.15 single-node cluster (one mon on
// 127.0.0.1:16789, one 1 GiB memstore OSD, made by scripts/ceph-test-cluster.sh on Debian 12)
// with a pool `rbd-fixture` of 8 PGs and `rbd` enabled on it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CEPH_POOL_NAME, parseCephDf, parseCephFsid, parseCephMonDump, parseCephPoolList, parseCephStatus } from './ceph-output.js';

const fixture = (command: string): string => readFileSync(new URL(`fixtures/ceph-16.2.15-${command}-single-node-memstore-debian12-epyc-vm.json`, import.meta.url), 'utf8');
const FSID = 'e1529c78-0d75-4bad-8d99-6e4608237db5';

describe('ceph output parsers (Ceph 16.2.15)', () => {
  it('reads the fsid', () => {
    expect(parseCephFsid(fixture('fsid'))).toBe(FSID);
  });

  it('reads `ceph -s`: fsid, health, quorum and OSDs', () => {
    expect(parseCephStatus(fixture('status'))).toEqual({ fsid: FSID, health: 'HEALTH_WARN', quorumNames: ['a'], numOsds: 1, numUpOsds: 1 });
  });

  it('reads `ceph df`: raw totals and each pool', () => {
    const df = parseCephDf(fixture('df'));
    expect(df).toMatchObject({ totalBytes: 1073741824, availableBytes: 1073718497, usedBytes: 23327 });
    expect(df.pools).toEqual([
      { name: 'device_health_metrics', id: 1, storedBytes: 0, usedBytes: 0, availableBytes: 1020031168, objects: 0 },
      { name: 'rbd-fixture', id: 2, storedBytes: 0, usedBytes: 0, availableBytes: 1020031168, objects: 0 },
    ]);
  });

  it('reads the monmap without the address nonce', () => {
    expect(parseCephMonDump(fixture('mon-dump'))).toEqual({ fsid: FSID, mons: [{ name: 'a', rank: 0, address: '127.0.0.1:16789', inQuorum: true }] });
  });

  it('reads the pools with their PGs, size and applications', () => {
    expect(parseCephPoolList(fixture('osd-pool-ls-detail'))).toEqual([
      { name: 'device_health_metrics', id: 1, pgNum: 1, size: 1, applications: ['mgr_devicehealth'] },
      { name: 'rbd-fixture', id: 2, pgNum: 8, size: 1, applications: ['rbd'] },
    ]);
  });

  it('refuses output that is not what the command prints', () => {
    expect(() => parseCephDf('Error initializing cluster client')).toThrow(/ceph df printed output that is not JSON/);
    expect(() => parseCephDf('{"pools":[]}')).toThrow(/total_bytes/);
    expect(() => parseCephFsid('{"fsid":"not-a-uuid"}')).toThrow(/no fsid/);
    expect(() => parseCephPoolList('{}')).toThrow(/not print a list/);
  });

  it('accepts pool names ceph takes as one argument, never an option', () => {
    expect(CEPH_POOL_NAME.test('zstack-images.1')).toBe(true);
    expect(CEPH_POOL_NAME.test('--yes-i-really-really-mean-it')).toBe(false);
    expect(CEPH_POOL_NAME.test('a b')).toBe(false);
  });
});
