// PCI discovery on this machine's real sysfs and lspci (pciutils, installed when missing):
// the driver must find the same functions with the same ids that `lspci -Dmmn` prints.
// This machine has virtio devices and no IOMMU, so groups are null and the state inactive.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePackages } from '../../../../../test/support/test-hosts.js';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner } from '../../command-runner.js';
import { LINUX_PCI_PATHS, LinuxPciDriver } from './pci-driver.js';

/** `0000:00:01.0 "ffff" "1af4" "1045" -r01 -p00 "1af4" "1045"`: address, class, vendor, device, subsystem. */
function lspciNumeric(): string[] {
  const out = execFileSync('lspci', ['-Dmmn'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const quoted = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      return [line.split(' ')[0], ...quoted.slice(0, 3), quoted[3] || '-', quoted[4] || '-'].join(' ');
    });
}

describe('PCI devices of this machine, live', () => {
  const driver = new LinuxPciDriver(new SpawnCommandRunner(new AgentLog(null)), { ...LINUX_PCI_PATHS, grubConfigCommand: null });
  beforeAll(() => ensurePackages({ pciutils: '/usr/bin/lspci' }));

  it('finds every function lspci shows, with the same ids', async () => {
    const devices = await driver.devices();
    const fromDriver = devices.map((d) => [d.address, d.classId, d.vendorId, d.deviceId, d.subsystemVendorId ?? '-', d.subsystemDeviceId ?? '-'].join(' '));
    expect(fromDriver.length).toBeGreaterThan(0);
    expect(fromDriver).toEqual(lspciNumeric());
    expect(devices.map((d) => d.address)).toEqual(readdirSync('/sys/bus/pci/devices').sort());
    // lspci gave the names: at least the vendors it knows
    expect(devices.some((d) => d.vendorName !== null)).toBe(true);
  });

  it('reads the IOMMU state from the kernel', async () => {
    const groups = readdirSync('/sys/kernel/iommu_groups');
    const state = await driver.iommu();
    expect(state.groupCount).toBe(groups.length);
    expect(state.active).toBe(groups.length > 0);
    expect(state.firmwareEnabled).toBe(existsSync('/sys/class/iommu') && readdirSync('/sys/class/iommu').length > 0);
    const cmdline = readFileSync('/proc/cmdline', 'utf8').trim().split(' ');
    expect(state.kernelArguments).toEqual(cmdline.filter((arg) => arg.includes('iommu=')));
    expect(readFileSync('/proc/cpuinfo', 'utf8')).toContain(`vendor_id\t: ${state.cpuVendor}\n`);
  });
});
