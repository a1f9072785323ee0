// Recorded on this project's test machine (Debian 12, LVM 2.03.16 with `--driverloaded n`:
// the kernel has no device-mapper; util-linux 2.38.1) over three 128 MiB loop devices:
// `vgs/pvs/lvs --reportformat json --units b --nosuffix -o ...` of a VG on two of them with one
// inactive 32 MiB LV, `lsblk --json -b` of the machine, and vgs's stderr for a missing VG.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDisk, parseLsblkJson, parseLvmReport, toLogicalVolume, toPhysicalVolume, toVolumeGroup } from './lvm-output.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('LVM reports, recorded from LVM 2.03.16', () => {
  it('reads the volume group in bytes', () => {
    const [vg] = parseLvmReport(fixture('vgs-2.03.16-json-two-loop-pvs-one-lv-debian12-epyc-vm.json'), 'vg').map(toVolumeGroup);
    // two 128 MiB disks give 2 × 31 extents of 4 MiB: LVM keeps the first MiB of each for metadata
    expect(vg).toEqual({ name: 'recvg', uuid: 'c5vyQh-BYh6-Ky9e-nEAx-MNv2-rUo3-gYshPd', sizeBytes: 260046848, freeBytes: 226492416, extentSizeBytes: 4194304, pvCount: 2, lvCount: 1 });
  });

  it('reads the physical and logical volumes', () => {
    const pvs = parseLvmReport(fixture('pvs-2.03.16-json-two-loop-pvs-debian12-epyc-vm.json'), 'pv').map(toPhysicalVolume);
    expect(pvs).toEqual([
      { path: '/dev/loop0', uuid: 'sNtF3J-Ci9j-dR3J-H5zA-WEfm-25Nl-9CN5Sb', vgName: 'recvg', sizeBytes: 130023424, freeBytes: 96468992 },
      { path: '/dev/loop1', uuid: 'iNmc3c-fdgd-5RF2-Znxo-wY01-AfPR-xQm20x', vgName: 'recvg', sizeBytes: 130023424, freeBytes: 130023424 },
    ]);
    expect(parseLvmReport(fixture('lvs-2.03.16-json-one-inactive-lv-debian12-epyc-vm.json'), 'lv').map(toLogicalVolume)).toEqual([
      { name: 'reclv', uuid: 'KqPoQj-qBFV-SU73-Mkck-Kk3l-Sgdi-SkbONe', vgName: 'recvg', path: '/dev/recvg/reclv', sizeBytes: 33554432 },
    ]);
  });

  it('reads a PV outside any group as having none, and refuses a report without its rows', () => {
    const [pv] = parseLvmReport('{"report":[{"pv":[{"pv_name":"/dev/loop2","pv_uuid":"u","vg_name":"","pv_size":"134217728","pv_free":"134217728"}]}]}', 'pv').map(toPhysicalVolume);
    expect(pv.vgName).toBeNull();
    expect(() => parseLvmReport(fixture('vgs-2.03.16-no-such-vg-stderr-debian12-epyc-vm.txt'), 'vg')).toThrow('vgs printed output that is not JSON');
    expect(() => parseLvmReport('{"report":[{}]}', 'vg')).toThrow('vgs printed no "vg" report');
  });
});

describe('lsblk, recorded from util-linux 2.38.1', () => {
  const disks = parseLsblkJson(fixture('lsblk-2.38.1-json-vda-and-loops-debian12-epyc-vm.json'));

  it('lists the disks with their sizes; loop devices and virtio disks have no WWN or serial', () => {
    expect(disks.map((d) => `${d.path} ${d.type} ${d.sizeBytes}`)).toEqual([
      '/dev/loop0 loop 134217728',
      '/dev/loop1 loop 134217728',
      '/dev/loop2 loop 134217728',
      '/dev/zram0 disk 0',
      '/dev/vda disk 274877906944',
    ]);
    expect(disks.every((d) => d.wwn === null && d.serial === null)).toBe(true);
  });

  it('finds a disk by path, WWN (any case) or serial, and partitions under their disk', () => {
    const san = parseLsblkJson(
      // written for this test in lsblk's format: a SAN LUN with a partition (no such disk here)
      '{"blockdevices":[{"name":"sdb","path":"/dev/sdb","size":10737418240,"type":"disk","wwn":"0x6001405abcdef012","serial":"beaf11","model":"VIRTUAL-DISK","fstype":null,"children":[{"name":"sdb1","path":"/dev/sdb1","size":1048576,"type":"part","wwn":"0x6001405abcdef012","serial":null,"model":null,"fstype":"ext4"}]}]}',
    );
    expect(san.map((d) => d.path)).toEqual(['/dev/sdb', '/dev/sdb1']);
    expect(findDisk(san, 'wwn:0x6001405ABCDEF012')?.path).toBe('/dev/sdb');
    expect(findDisk(san, 'serial:beaf11')?.path).toBe('/dev/sdb');
    expect(findDisk(disks, '/dev/loop1')?.name).toBe('loop1');
    expect(findDisk(disks, 'serial:none')).toBeUndefined();
  });
});
