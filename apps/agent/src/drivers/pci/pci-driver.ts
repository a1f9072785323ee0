// PCI devices and the IOMMU of the host: what GPU passthrough needs to know and change.
import type { IommuState, PciDevice, UpdateIommuReply } from '#agent-protocol';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostOperationFailure, commandFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { readSysfsDevices } from '../sysfs/sysfs-snapshot.js';
import { iommuKernelArguments, iommuOnArguments, iommuState, withIommuArguments } from './iommu.js';
import { mergePciDevices, parseLspciMachine, parsePciSysfs, PCI_SYSFS_ATTRIBUTES } from './pci-parsers.js';

export type IommuUpdate = Omit<UpdateIommuReply, 'success' | 'error'>;

export interface PciDriver {
  devices(): Promise<PciDevice[]>;
  iommu(): Promise<IommuState>;
  /** Edits the boot loader's kernel arguments; takes effect at the next boot. */
  updateIommu(enabled: boolean): Promise<IommuUpdate>;
}

/** Where the driver reads and writes; tests point them at temporary files. */
export interface PciHostPaths {
  pciDevices: string;
  iommuGroups: string;
  iommuUnits: string;
  cmdline: string;
  cpuinfo: string;
  grubDefaults: string;
  /** Regenerates grub.cfg from grubDefaults (`update-grub`); null leaves that to the operator. */
  grubConfigCommand: string[] | null;
}

export const LINUX_PCI_PATHS: Omit<PciHostPaths, 'grubConfigCommand'> = {
  pciDevices: '/sys/bus/pci/devices',
  iommuGroups: '/sys/kernel/iommu_groups',
  iommuUnits: '/sys/class/iommu',
  cmdline: '/proc/cmdline',
  cpuinfo: '/proc/cpuinfo',
  grubDefaults: '/etc/default/grub',
};

export class LinuxPciDriver implements PciDriver {
  constructor(
    private readonly runner: CommandRunner,
    private readonly paths: PciHostPaths,
  ) {}

  async devices(): Promise<PciDevice[]> {
    const [snapshot, lspci] = await Promise.all([
      readSysfsDevices(this.paths.pciDevices, PCI_SYSFS_ATTRIBUTES),
      this.runner.run(['lspci', '-Dmmnnv'], { env: { LC_ALL: 'C' } }),
    ]);
    // Names are a courtesy: without pciutils (or with a failing lspci) the ids from sysfs stand.
    const names = lspci.returnCode === 0 ? parseLspciMachine(lspci.stdout) : new Map();
    return mergePciDevices(parsePciSysfs(snapshot), names);
  }

  async iommu(): Promise<IommuState> {
    const [groups, units, cmdline, cpuinfo] = await Promise.all([
      readdir(this.paths.iommuGroups).catch(() => [] as string[]),
      readdir(this.paths.iommuUnits).catch(() => [] as string[]),
      readFile(this.paths.cmdline, 'utf8').catch(() => ''),
      readFile(this.paths.cpuinfo, 'utf8').catch(() => ''),
    ]);
    return iommuState(groups, units, cmdline, cpuinfo);
  }

  async updateIommu(enabled: boolean): Promise<IommuUpdate> {
    const state = await this.iommu();
    const wanted = enabled ? iommuOnArguments(state.cpuVendor) : [];
    const file = this.paths.grubDefaults;
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw hostOperationFailure(`cannot read ${file} (does this host boot with GRUB?): ${err.message}`);
    });
    const edit = withIommuArguments(text, wanted);
    if (edit.changed) {
      // A half-written file would leave the host unbootable: write beside it, then rename.
      await writeFile(`${file}.zstack-new`, edit.text, { mode: 0o644 });
      await rename(`${file}.zstack-new`, file);
      await this.regenerateGrubConfig();
    }
    const running = iommuKernelArguments(await readFile(this.paths.cmdline, 'utf8').catch(() => ''));
    const runningMatches = running.length === wanted.length && wanted.every((arg) => running.includes(arg));
    return { changed: edit.changed, rebootRequired: !runningMatches, kernelCommandLine: edit.cmdline };
  }

  private async regenerateGrubConfig(): Promise<void> {
    if (!this.paths.grubConfigCommand) return;
    const result = await this.runner.run(this.paths.grubConfigCommand, { env: { LC_ALL: 'C' } });
    if (result.returnCode !== 0) throw commandFailure(result);
  }
}
