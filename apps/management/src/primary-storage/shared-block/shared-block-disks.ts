// How the operator's disk ids (ZStack's diskUuid: a WWN, a serial or a device path) meet the
// disks a host's agent lists with lsblk. A shared LUN has one WWN (or serial) on every host,
// whatever its device name there; a loop device has neither, so it is known by its path.
import type { BlockDisk } from '#agent-protocol';

const sameWwn = (wwn: string | null, id: string) => wwn !== null && [wwn.toLowerCase(), `wwn:${wwn.toLowerCase()}`].includes(id.toLowerCase());

/** The disk this host knows by `diskUuid`, if any. */
export function diskMatching<T extends Pick<BlockDisk, 'path' | 'wwn' | 'serial'>>(disks: readonly T[], diskUuid: string): T | undefined {
  const id = diskUuid.trim();
  return disks.find((d) => sameWwn(d.wwn, id)) ?? disks.find((d) => d.serial !== null && (d.serial === id || `serial:${d.serial}` === id)) ?? disks.find((d) => d.path === id);
}

/** How the agent's LVM driver names the disk (it resolves `wwn:`/`serial:` through lsblk on its host). */
export const agentDiskId = (disk: Pick<BlockDisk, 'path' | 'wwn' | 'serial'>): string => (disk.wwn ? `wwn:${disk.wwn}` : disk.serial ? `serial:${disk.serial}` : disk.path);

/** The id an operator should give for the disk: the one that is the same on every host. */
export const operatorDiskId = (disk: Pick<BlockDisk, 'path' | 'wwn' | 'serial'>): string => disk.wwn ?? disk.serial ?? disk.path;

/** Whole disks that hold nothing yet: no file system or signature, no physical volume, a size. */
export const isBlank = (disk: BlockDisk): boolean =>
  ['disk', 'loop', 'mpath'].includes(disk.type) && disk.sizeBytes > 0 && disk.pvUuid === null && disk.vgName === null && !disk.fstype;
