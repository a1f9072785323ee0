// Recorded on this project's test machine (Debian 12) with libiscsi 1.19.0 (libiscsi-bin)
// against tgt 1.0.85 serving two targets on 127.0.0.1, one with two 64 MiB file-backed LUNs
// and CHAP: `iscsi-ls -s` with the right and a wrong CHAP secret, against a dead portal,
// `iscsi-readcapacity16` and `iscsi-inq -e 1 -c 128|131` of a LUN; and open-iscsi 2.1.8's
// `iscsiadm -m discovery -t sendtargets` failing for want of the iscsi_tcp module. A
// successful iscsiadm listing cannot be recorded here (no kernel initiator): the one below is
// written for this test in the format open-iscsi prints.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesignators, parseIscsiLs, parseReadCapacity16, parseSendtargets, parseUnitSerial, wwnOf } from './iscsi-output.js';
import { libiscsiUrl, parsePortal } from './iscsi-portal.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('libiscsi 1.19.0 output, recorded against tgt 1.0.85', () => {
  it('lists the targets and their LUNs with `iscsi-ls -s`', () => {
    expect(parseIscsiLs(fixture('iscsi-ls-libiscsi-1.19.0-show-luns-two-targets-tgt-1.0.85-debian12-epyc-vm.txt'))).toEqual({
      targets: [
        { iqn: 'iqn.2026-11.org.example:rec.t2', portal: '127.0.0.1:3260,1', luns: [{ lunId: 0, type: 'STORAGE_ARRAY_CONTROLLER' }] },
        {
          iqn: 'iqn.2026-11.org.example:rec.t1',
          portal: '127.0.0.1:3260,1',
          luns: [
            { lunId: 0, type: 'STORAGE_ARRAY_CONTROLLER' },
            { lunId: 1, type: 'DIRECT_ACCESS' },
            { lunId: 2, type: 'DIRECT_ACCESS' },
          ],
        },
      ],
      problems: [],
    });
  });

  it('keeps the failed CHAP login that iscsi-ls prints on stdout as a problem', () => {
    const listing = parseIscsiLs(fixture('iscsi-ls-libiscsi-1.19.0-wrong-chap-secret-stdout-debian12-epyc-vm.txt'));
    expect(listing.problems).toEqual(['list_luns: iscsi_connect failed. Failed to log in to target. Status: Authentication failure(513)']);
    expect(fixture('iscsi-ls-libiscsi-1.19.0-wrong-chap-secret-stderr-debian12-epyc-vm.txt')).toBe('');
  });

  it('reads the exact size from READ CAPACITY(16)', () => {
    expect(parseReadCapacity16(fixture('iscsi-readcapacity16-libiscsi-1.19.0-64mib-lun-tgt-1.0.85-debian12-epyc-vm.txt'))).toBe(64 * 1024 * 1024);
    // without the total line: (last LBA + 1) × block length
    expect(parseReadCapacity16('RETURNED LOGICAL BLOCK ADDRESS:131071\nLOGICAL BLOCK LENGTH IN BYTES:512\n')).toBe(64 * 1024 * 1024);
    expect(parseReadCapacity16('')).toBeNull();
  });

  it("reads the LUN's serial, and no WWN from the binary NAA designators libiscsi 1.19 prints raw", () => {
    expect(parseUnitSerial(fixture('iscsi-inq-libiscsi-1.19.0-vpd-0x80-tgt-1.0.85-debian12-epyc-vm.txt'))).toBe('beaf11');
    const designators = parseDesignators(fixture('iscsi-inq-libiscsi-1.19.0-vpd-0x83-tgt-1.0.85-debian12-epyc-vm.txt'));
    expect(designators.map((d) => `${d.codeSet} ${d.type}`)).toEqual(['BINARY NAA', 'BINARY NAA', 'ASCII T10_VENDORT_ID']);
    expect(designators[2].value).toBe('IET     00010001');
    expect(wwnOf(designators)).toBeNull();
    expect(wwnOf([{ codeSet: 'ASCII', type: 'NAA', value: '60014050000000000000000000000001 ' }])).toBe('60014050000000000000000000000001');
  });
});

describe('iscsiadm (open-iscsi 2.1.8)', () => {
  it('lists sendtargets discovery as portal,tpgt and target (written for this test: no kernel initiator here)', () => {
    expect(parseSendtargets('192.168.0.10:3260,1 iqn.2003-01.org.linux-iscsi.san:lun-a\n[fd00::10]:3260,1 iqn.2003-01.org.linux-iscsi.san:lun-a\n')).toEqual([
      { iqn: 'iqn.2003-01.org.linux-iscsi.san:lun-a', portal: '192.168.0.10:3260,1', luns: [] },
      { iqn: 'iqn.2003-01.org.linux-iscsi.san:lun-a', portal: '[fd00::10]:3260,1', luns: [] },
    ]);
  });

  it('finds no targets in what it prints without the iscsi_tcp module (recorded)', () => {
    const stderr = fixture('iscsiadm-2.1.8-sendtargets-no-iscsi-tcp-stderr-debian12-epyc-vm.txt');
    expect(stderr).toContain('iSCSI driver tcp is not loaded');
    expect(parseSendtargets(stderr)).toEqual([]);
  });
});

describe('portals and libiscsi URLs', () => {
  it('reads host, host:port and bracketed IPv6, 3260 by default', () => {
    expect(parsePortal('127.0.0.1')).toEqual({ host: '127.0.0.1', port: 3260 });
    expect(parsePortal('san.example.com:3261')).toEqual({ host: 'san.example.com', port: 3261 });
    expect(parsePortal('[fd00::10]:3260')).toEqual({ host: '[fd00::10]', port: 3260 });
    for (const bad of ['', '-p', 'host:0', 'host:70000', 'fd00::10', 'a b', 'iscsi://host']) expect(parsePortal(bad)).toBeNull();
  });

  it('puts CHAP into the URL as libiscsi reads it', () => {
    const portal = { host: '127.0.0.1', port: 3260 };
    expect(libiscsiUrl(portal, undefined)).toBe('iscsi://127.0.0.1:3260');
    expect(libiscsiUrl(portal, { username: 'zstack', password: 's3cret-chap' }, { iqn: 'iqn.2026-11.org.example:t1', lunId: 2 })).toBe('iscsi://zstack%s3cret-chap@127.0.0.1:3260/iqn.2026-11.org.example:t1/2');
  });
});
