// What discovery makes of the agent's PCI functions, on the recorded DGX A100 tree fed through
// the agent's own parsers (apps/agent/src/drivers/pci/fixtures/README.md: ids and classes are
// published, IOMMU groups, drivers and SR-IOV functions are set, not recorded), and how rows
// are matched across rounds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergePciDevices, parseLspciMachine, parsePciSysfs } from '../../../agent/src/drivers/pci/pci-parsers.js';
import type { SysfsSnapshot } from '../../../agent/src/drivers/sysfs/sysfs-snapshot.js';
import { planDeviceSync } from './device-sync.js';
import { describe as describeDevice, discoveredFields, normalizePciId, offeringMatches } from './pci-device-rows.js';

const fixture = (name: string) => readFileSync(new URL(`../../../agent/src/drivers/pci/fixtures/${name}`, import.meta.url), 'utf8');
const gpuServer = mergePciDevices(
  parsePciSysfs(JSON.parse(fixture('sysfs-pci-devices-dgx-a100-from-nccl-issue-1505.json')) as SysfsSnapshot),
  parseLspciMachine(fixture('lspci-3.9.0-Dmmnnv-dgx-a100-from-nccl-issue-1505.txt')),
);
const rows = gpuServer.map((d) => ({ address: d.address, ...discoveredFields(d) }));

describe('a GPU server’s PCI functions as rows', () => {
  it('types the A100 a GPU 3D controller, the ConnectX-6 (InfiniBand: Generic, as ZStack types it) an SR-IOV physical function with its virtual functions', () => {
    const a100 = rows.find((r) => r.address === '0000:07:00.0')!;
    expect(a100).toMatchObject({ vendorId: '10de', deviceId: '20b0', subvendorId: '10de', subdeviceId: '134f', type: 'GPU_3D_Controller', driver: 'vfio-pci', virtStatus: 'UNVIRTUALIZABLE' });
    expect(describeDevice(gpuServer.find((d) => d.address === '0000:07:00.0')!)).toMatch(/^NVIDIA Corporation /);
    expect(rows.find((r) => r.address === '0000:0c:00.0')).toMatchObject({ type: 'Generic', virtStatus: 'SRIOV_VIRTUALIZABLE' });
    expect(rows.filter((r) => r.virtStatus === 'SRIOV_VIRTUAL')).toEqual([
      expect.objectContaining({ deviceId: '101c', parentAddress: '0000:0c:00.0' }),
      expect.objectContaining({ deviceId: '101c', parentAddress: '0000:0c:00.0' }),
    ]);
  });

  it('an "A100" offering matches the A100s only; subsystem ids narrow it only where given', () => {
    const offering = { vendorId: '10de', deviceId: '20b0', subvendorId: null, subdeviceId: null };
    expect(rows.filter((r) => offeringMatches(offering, r)).map((r) => r.address)).toEqual(['0000:07:00.0']);
    expect(rows.filter((r) => offeringMatches({ ...offering, subdeviceId: '0000' }, r))).toEqual([]);
    expect(rows.filter((r) => offeringMatches({ ...offering, subvendorId: '10de', subdeviceId: '134f' }, r))).toHaveLength(1);
  });

  it('reads PCI ids as lspci -n prints them, in any case, with or without 0x', () => {
    expect([normalizePciId('0x10DE'), normalizePciId(' 20b0 '), normalizePciId('nvidia'), normalizePciId('10de0')]).toEqual(['10de', '20b0', null, null]);
  });
});

describe('a discovery round', () => {
  const key = (d: { address: string }) => d.address;

  it('updates a device found again in place, inserts a new one once, and removes one gone', () => {
    const existing = [{ address: 'a', uuid: 'row-a' }, { address: 'b', uuid: 'row-b' }];
    const found = [{ address: 'b' }, { address: 'c' }, { address: 'c' }];
    const plan = planDeviceSync(existing, found, key, key);
    expect(plan.update).toEqual([{ row: existing[1], found: found[0] }]);
    expect(plan.insert).toEqual([{ address: 'c' }]);
    expect(plan.remove).toEqual([existing[0]]);
  });
});
