// LVM volume groups over shared disks (Shared Block primary storage): the agent lists the
// host's disks with their WWN/serial, makes physical volumes and a volume group of them,
// extends it, and reports it from `vgs`/`pvs`/`lvs` in bytes.
import type { AgentReply, BlockDisk, VolumeGroupReply } from '#agent-protocol';
import { existsSync } from 'node:fs';
import { hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { runChecked } from '../tools/tool-output.js';
import { findDisk, LSBLK_COLUMNS, LV_FIELDS, parseLsblkJson, parseLvmReport, PV_FIELDS, toLogicalVolume, toPhysicalVolume, toVolumeGroup, VG_FIELDS } from './lvm-output.js';

export type VolumeGroupReport = Omit<VolumeGroupReply, keyof AgentReply>;

export interface LvmDriver {
  /** Every block device with its WWN/serial and, when it is a physical volume, its VG. */
  disks(): Promise<BlockDisk[]>;
  /** pvcreate on the disks that are not PVs yet, then vgcreate; undoes its pvcreates when vgcreate fails. */
  createVolumeGroup(vgName: string, diskIds: readonly string[]): Promise<VolumeGroupReport>;
  /** The same with vgextend. */
  extendVolumeGroup(vgName: string, diskIds: readonly string[]): Promise<VolumeGroupReport>;
  report(vgName: string): Promise<VolumeGroupReport>;
  /** vgremove (refused by LVM while the group has logical volumes), then pvremove of its
   *  disks: what undoes a createVolumeGroup. False when there was no such group. */
  removeVolumeGroup(vgName: string): Promise<boolean>;
}

/** The kernel's device-mapper registers this misc device. /dev/mapper/control is no proof:
 *  LVM creates that node itself, also where the kernel has no driver behind it. */
export const kernelHasDeviceMapper = (): boolean => existsSync('/sys/class/misc/device-mapper');

const REPORT_OPTIONS = ['--reportformat', 'json', '--units', 'b', '--nosuffix'];

export class LinuxLvmDriver implements LvmDriver {
  /** @param deviceMapper whether the kernel has device-mapper; without it every LVM command
   *  gets `--driverloaded n`, so it never tries to activate (test machines, containers). */
  constructor(
    private readonly runner: CommandRunner,
    readonly deviceMapper = kernelHasDeviceMapper(),
    /** LVM needs root. An agent deployed under another account (a host added with a sudoer
     *  rather than root) runs the LVM tools through `sudo -n`, which fails at once, with
     *  sudo's own words, where the account may not. */
    private readonly throughSudo = process.getuid?.() !== 0,
  ) {}

  async disks(): Promise<BlockDisk[]> {
    const [lsblk, pvs] = await Promise.all([
      runChecked(this.runner, ['lsblk', '--json', '-b', '-o', LSBLK_COLUMNS]),
      this.physicalVolumes(),
    ]);
    return parseLsblkJson(lsblk).map((disk) => {
      const pv = pvs.find((p) => p.path === disk.path);
      return { ...disk, pvUuid: pv?.uuid ?? null, vgName: pv?.vgName ?? null };
    });
  }

  createVolumeGroup(vgName: string, diskIds: readonly string[]): Promise<VolumeGroupReport> {
    return this.withNewPhysicalVolumes(diskIds, (paths) => this.lvm('vgcreate', vgName, ...paths)).then(() => this.report(vgName));
  }

  extendVolumeGroup(vgName: string, diskIds: readonly string[]): Promise<VolumeGroupReport> {
    return this.withNewPhysicalVolumes(diskIds, (paths) => this.lvm('vgextend', vgName, ...paths)).then(() => this.report(vgName));
  }

  async report(vgName: string): Promise<VolumeGroupReport> {
    // vgs first: a group that does not exist fails here, with vgs's own words.
    const [volumeGroup] = parseLvmReport(await this.lvm('vgs', ...REPORT_OPTIONS, '-o', VG_FIELDS, vgName), 'vg').map(toVolumeGroup);
    if (!volumeGroup) throw hostOperationFailure(`vgs reported no volume group ${vgName}`);
    const [pvs, lvs] = await Promise.all([this.physicalVolumes(), this.lvm('lvs', ...REPORT_OPTIONS, '-o', LV_FIELDS, vgName)]);
    return {
      volumeGroup,
      physicalVolumes: pvs.filter((pv) => pv.vgName === vgName),
      logicalVolumes: parseLvmReport(lvs, 'lv').map(toLogicalVolume),
      deviceMapper: this.deviceMapper,
    };
  }

  async removeVolumeGroup(vgName: string): Promise<boolean> {
    const pvs = (await this.physicalVolumes()).filter((pv) => pv.vgName === vgName).map((pv) => pv.path);
    if (!pvs.length) return false;
    await this.lvm('vgremove', vgName);
    await this.lvm('pvremove', ...pvs);
    return true;
  }

  /** Resolves the disks, refuses any in a volume group already, pvcreates the rest, and runs
   *  `step`; when it fails the new PVs are removed again, so nothing is left half-done. */
  private async withNewPhysicalVolumes(diskIds: readonly string[], step: (paths: string[]) => Promise<unknown>): Promise<void> {
    const disks = await this.disks();
    const chosen = diskIds.map((id) => {
      const disk = findDisk(disks, id);
      if (!disk) throw hostOperationFailure(`no disk ${id} on this host`);
      if (disk.vgName !== null) throw hostOperationFailure(`${disk.path} (${id}) belongs to volume group ${disk.vgName} already`);
      return disk;
    });
    const fresh = chosen.filter((d) => d.pvUuid === null).map((d) => d.path);
    // Without -y: pvcreate refuses a disk with a file system signature instead of wiping it.
    if (fresh.length > 0) await this.lvm('pvcreate', ...fresh);
    try {
      await step(chosen.map((d) => d.path));
    } catch (err) {
      if (fresh.length > 0) await this.lvm('pvremove', ...fresh).catch(() => undefined);
      throw err;
    }
  }

  private async physicalVolumes(): Promise<ReturnType<typeof toPhysicalVolume>[]> {
    return parseLvmReport(await this.lvm('pvs', ...REPORT_OPTIONS, '-o', PV_FIELDS), 'pv').map(toPhysicalVolume);
  }

  private lvm(command: string, ...args: string[]): Promise<string> {
    const driverloaded = this.deviceMapper ? [] : ['--driverloaded', 'n'];
    // LVM warns on stderr for every descriptor it inherits; the runner's pipes are expected.
    const argv = [command, ...driverloaded, ...args];
    return runChecked(this.runner, this.throughSudo ? ['sudo', '-n', ...argv] : argv, { env: { LVM_SUPPRESS_FD_WARNINGS: '1' } });
  }
}
