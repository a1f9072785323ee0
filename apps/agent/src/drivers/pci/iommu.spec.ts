// IOMMU state and the kernel-argument edit, on text (kernel command lines as hosts print them)
// and on a temporary copy of /etc/default/grub through the real driver.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from '../../command-runner.js';
import { iommuState, withIommuArguments } from './iommu.js';
import { LinuxPciDriver } from './pci-driver.js';

// Debian 12's /etc/default/grub as the grub2-common package installs it (comments cut).
const DEBIAN_GRUB = 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n';

describe('IOMMU state', () => {
  it('is active only when the kernel made groups, and lists the arguments asked for', () => {
    expect(iommuState([], [], 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=on iommu=pt quiet', 'vendor_id\t: GenuineIntel\n')).toEqual({
      active: false,
      groupCount: 0,
      firmwareEnabled: false,
      kernelArguments: ['intel_iommu=on', 'iommu=pt'],
      cpuVendor: 'GenuineIntel',
    });
    expect(iommuState(['0', '1', '2'], ['ivhd0'], 'root=/dev/sda1', 'vendor_id\t: AuthenticAMD\n')).toMatchObject({ active: true, groupCount: 3, firmwareEnabled: true, kernelArguments: [] });
  });
});

describe('GRUB_CMDLINE_LINUX edit', () => {
  it('adds the arguments once, keeps every other line and argument, and is idempotent', () => {
    const on = withIommuArguments(DEBIAN_GRUB.replace('GRUB_CMDLINE_LINUX=""', 'GRUB_CMDLINE_LINUX="console=ttyS0 intel_iommu=off"'), ['intel_iommu=on', 'iommu=pt']);
    expect(on.changed).toBe(true);
    expect(on.text).toContain('GRUB_CMDLINE_LINUX="console=ttyS0 intel_iommu=on iommu=pt"\n');
    expect(on.text).toContain('GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
    expect(on.text).toContain('GRUB_DISTRIBUTOR=`lsb_release');
    const again = withIommuArguments(on.text, ['intel_iommu=on', 'iommu=pt']);
    expect(again).toEqual({ text: on.text, changed: false, cmdline: 'console=ttyS0 intel_iommu=on iommu=pt' });
  });

  it('removes them to turn IOMMU off, and adds the line to a file without one', () => {
    expect(withIommuArguments("GRUB_CMDLINE_LINUX='amd_iommu=on iommu=pt nomodeset'\n", []).text).toBe('GRUB_CMDLINE_LINUX="nomodeset"\n');
    expect(withIommuArguments('GRUB_TIMEOUT=5', ['amd_iommu=on', 'iommu=pt']).text).toBe('GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="amd_iommu=on iommu=pt"\n');
  });
});

describe('LinuxPciDriver.updateIommu on a temporary grub file', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function driverOn(cmdline: string, cpuVendor: string, ran: string[][]): { driver: LinuxPciDriver; grub: string } {
    dir = mkdtempSync(join(tmpdir(), 'iommu-spec-'));
    const grub = join(dir, 'grub');
    writeFileSync(grub, DEBIAN_GRUB);
    writeFileSync(join(dir, 'cmdline'), `${cmdline}\n`);
    writeFileSync(join(dir, 'cpuinfo'), `processor\t: 0\nvendor_id\t: ${cpuVendor}\n`);
    const runner: CommandRunner = {
      run: async (argv): Promise<CommandResult> => {
        ran.push([...argv]);
        return { argv: [...argv], returnCode: 0, stdout: '', stderr: '', timedOut: false, started: true };
      },
    };
    const paths = { pciDevices: join(dir, 'none'), iommuGroups: join(dir, 'none'), iommuUnits: join(dir, 'none'), cmdline: join(dir, 'cmdline'), cpuinfo: join(dir, 'cpuinfo'), grubDefaults: grub, grubConfigCommand: ['update-grub'] };
    return { driver: new LinuxPciDriver(runner, paths), grub };
  }

  it("writes the CPU's argument, regenerates grub.cfg once, and says a reboot is needed until the kernel runs with it", async () => {
    const ran: string[][] = [];
    const { driver, grub } = driverOn('root=/dev/vda1', 'AuthenticAMD', ran);
    expect(await driver.updateIommu(true)).toEqual({ changed: true, rebootRequired: true, kernelCommandLine: 'amd_iommu=on iommu=pt' });
    expect(readFileSync(grub, 'utf8')).toContain('GRUB_CMDLINE_LINUX="amd_iommu=on iommu=pt"');
    expect(await driver.updateIommu(true)).toMatchObject({ changed: false, rebootRequired: true });
    expect(ran).toEqual([['update-grub']]);
  });

  it('uses amd_iommu on a Hygon CPU, as on an AMD one', async () => {
    const { driver } = driverOn('root=/dev/vda1', 'HygonGenuine', []);
    expect((await driver.updateIommu(true)).kernelCommandLine).toBe('amd_iommu=on iommu=pt');
  });

  it('needs no reboot to turn off what the running kernel does not have', async () => {
    const ran: string[][] = [];
    const { driver } = driverOn('root=/dev/vda1', 'GenuineIntel', ran);
    expect(await driver.updateIommu(false)).toEqual({ changed: false, rebootRequired: false, kernelCommandLine: '' });
    expect(ran).toEqual([]);
  });

  it('fails naming the file on a host without GRUB', async () => {
    const { driver, grub } = driverOn('root=/dev/vda1', 'GenuineIntel', []);
    rmSync(grub);
    await expect(driver.updateIommu(true)).rejects.toThrow(`cannot read ${grub}`);
  });
});
