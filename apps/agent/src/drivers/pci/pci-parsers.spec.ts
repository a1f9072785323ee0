// PCI discovery's parsers on recorded trees: this test machine's (virtio devices, no IOMMU)
// and a DGX A100's, written from NCCL's published topology dump (fixtures/README.md says
// which parts are recorded and which are set as such a host shows them).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SysfsSnapshot } from '../sysfs/sysfs-snapshot.js';
import { mergePciDevices, parseLspciMachine, parsePciSysfs } from './pci-parsers.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const devicesOf = (machine: string, lspciVersion = '3.9.0') =>
  mergePciDevices(
    parsePciSysfs(JSON.parse(fixture(`sysfs-pci-devices-${machine}.json`)) as SysfsSnapshot),
    parseLspciMachine(fixture(`lspci-${lspciVersion}-Dmmnnv-${machine.replace('linux-6.18-', '')}.txt`)),
  );

describe('PCI devices of the test machine (recorded: Linux 6.18, pciutils 3.9.0)', () => {
  const devices = devicesOf('linux-6.18-debian12-epyc-vm');

  it('lists every function with the ids and names lspci shows', () => {
    expect(devices.map((d) => d.address)).toEqual(['0000:00:00.0', '0000:00:01.0', '0000:00:02.0', '0000:00:03.0', '0000:00:04.0', '0000:00:05.0']);
    expect(devices.find((d) => d.address === '0000:00:03.0')).toMatchObject({
      vendorId: '1af4',
      deviceId: '1041',
      subsystemVendorId: '1af4',
      subsystemDeviceId: '1041',
      classId: '0200',
      progIf: '00',
      revision: '01',
      vendorName: 'Red Hat, Inc.',
      deviceName: 'Virtio 1.0 network device',
      className: 'Ethernet controller',
      driver: 'virtio-pci',
      iommuGroup: null,
      sriov: null,
    });
  });

  it('takes no name for an id pci.ids lacks, and no subsystem from a host bridge', () => {
    // lspci prints `Device [0d57]` for the unknown host bridge and `Unassigned class [ffff]`
    expect(devices[0]).toMatchObject({ vendorName: 'Intel Corporation', deviceName: null, subsystemVendorId: null, driver: null, numaNode: null });
    expect(devices[1]).toMatchObject({ classId: 'ffff', className: 'Unassigned class', deviceName: 'Virtio 1.0 memory balloon' });
  });
});

describe('PCI devices of a DGX A100 (from NVIDIA/nccl#1505)', () => {
  const devices = devicesOf('dgx-a100-from-nccl-issue-1505');
  const at = (address: string) => devices.find((d) => d.address === address);

  it('finds the A100 with its IOMMU group and the driver that passthrough needs', () => {
    expect(at('0000:07:00.0')).toMatchObject({
      vendorId: '10de',
      deviceId: '20b0',
      subsystemDeviceId: '134f',
      classId: '0302',
      deviceName: 'GA100 [A100 SXM4 40GB]',
      className: '3D controller',
      driver: 'vfio-pci',
      iommuGroup: 19,
      numaNode: 3,
    });
  });

  it('reads SR-IOV: the physical function with its VFs, each VF pointing back', () => {
    expect(at('0000:0c:00.0')).toMatchObject({
      deviceName: 'MT28908 Family [ConnectX-6]',
      sriov: { totalVfs: 8, numVfs: 2 },
      virtualFunctions: ['0000:0c:00.1', '0000:0c:00.2'],
      physicalFunction: null,
    });
    expect(at('0000:0c:00.1')).toMatchObject({ deviceId: '101c', physicalFunction: '0000:0c:00.0', sriov: null, iommuGroup: 95 });
    expect(at('0000:0c:00.2')).toMatchObject({ driver: null, physicalFunction: '0000:0c:00.0' });
  });

  it('gives every function its own group on this ACS-capable board', () => {
    const groups = devices.map((d) => d.iommuGroup);
    expect(groups.every((g) => g !== null)).toBe(true);
    expect(new Set(groups).size).toBe(devices.length);
  });
});

describe('lspci -Dmmnnv parsing', () => {
  it('keeps brackets that are part of a name and adds the domain lspci leaves out without -D', () => {
    const names = parseLspciMachine('Slot:\t07:00.0\nClass:\t3D controller [0302]\nVendor:\tNVIDIA Corporation [10de]\nDevice:\tGA100 [A100 SXM4 40GB] [20b0]\n');
    expect(names.get('0000:07:00.0')).toEqual({ className: '3D controller', vendorName: 'NVIDIA Corporation', deviceName: 'GA100 [A100 SXM4 40GB]' });
  });

  it('skips sysfs entries that are not PCI functions', () => {
    expect(parsePciSysfs({ 'not-a-device': { attributes: { vendor: 'junk' }, links: {} } })).toEqual([]);
  });
});
