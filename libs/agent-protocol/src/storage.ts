// The agent's storage commands and replies: file systems (local storage, shared mount point,
// NFS), LVM volume groups over shared disks (Shared Block) and iSCSI discovery. Primary
// storage plug-ins reach hosts only through these. Byte counts are whole bytes (numbers:
// exact up to 8 PiB, far beyond any one volume group or LUN).
import type { AgentReply } from './index.js';

export const StorageAgentPath = {
  /** Creates the directory (and its parents) and proves it writable. */
  filesystemPrepare: '/storage/filesystem/prepare',
  filesystemCapacity: '/storage/filesystem/capacity',
  /** The marker files that prove several hosts see one file system (shared mount point). */
  markerWrite: '/storage/filesystem/marker/write',
  markerRead: '/storage/filesystem/marker/read',
  markerRemove: '/storage/filesystem/marker/remove',
  mounts: '/storage/filesystem/mounts',
  nfsMount: '/storage/nfs/mount',
  nfsUnmount: '/storage/nfs/unmount',
  blockDisks: '/storage/block/disks',
  volumeGroupCreate: '/storage/lvm/vg/create',
  volumeGroupExtend: '/storage/lvm/vg/extend',
  volumeGroupReport: '/storage/lvm/vg/report',
  /** Undoes a create: vgremove (refused while it holds logical volumes) and pvremove. */
  volumeGroupRemove: '/storage/lvm/vg/remove',
  iscsiDiscover: '/storage/iscsi/discover',
  /** Removes the cached images of a file-system storage that are neither kept nor a backing file of a volume. */
  imageCacheCleanUp: '/storage/imagecache/cleanup',
} as const;

// ---- file systems ----------------------------------------------------------------------

/** Body of prepare, capacity and NFS unmount: an absolute path on the host. */
export interface StoragePathCommand {
  path: string;
}

/** `df -B1` of the file system that holds `path`. */
export interface FilesystemCapacity {
  path: string;
  /** What is mounted: `/dev/vda`, `server:/export`, `tmpfs`. */
  source: string;
  fstype: string;
  mountPoint: string;
  totalBytes: number;
  usedBytes: number;
  /** What an unprivileged writer can still use (df's Avail; less than total - used on ext4). */
  availableBytes: number;
}

export interface FilesystemCapacityReply extends AgentReply {
  capacity: FilesystemCapacity;
}

export interface MarkerCommand {
  /** The directory that holds the marker (the storage's mount point or folder). */
  directory: string;
  /** Names the marker file (`.zstack-marker-<token>`) and is its content: letters, digits, `-`, at most 64. */
  token: string;
}

export interface MarkerReadReply extends AgentReply {
  /** The marker file exists here and holds the token: this host sees the file system it was written on. */
  found: boolean;
}

export interface MountEntry {
  mountPoint: string;
  source: string;
  fstype: string;
  options: string[];
}

export interface MountsReply extends AgentReply {
  mounts: MountEntry[];
}

export interface NfsMountCommand {
  /** `server:/export/path`; server a host name, an IPv4 address or a bracketed IPv6 address. */
  url: string;
  /** Absolute; created when missing. */
  mountPoint: string;
  /** Mount options from the agent's allow-list (`vers=4.1`, `hard`, `timeo=600`...). */
  options?: string[];
}

export interface NfsMountReply extends AgentReply {
  mount: MountEntry;
  capacity: FilesystemCapacity;
  /** False when the same export was mounted there already (the mount is idempotent). */
  mounted: boolean;
}

export interface NfsUnmountReply extends AgentReply {
  /** False when nothing was mounted there. */
  unmounted: boolean;
}

// ---- image caches ----------------------------------------------------------------------

/** The images a file-system storage caches live under `<directory>/imagecache/` (ZStack's
 *  layout: `imagecache/template/<imageUuid>/<imageUuid>.qcow2`). */
export interface ImageCacheCleanUpCommand {
  /** The storage's directory on the host (its url, or its mount path). */
  directory: string;
  /** Images that still exist: their caches stay whether used or not. */
  keepImageUuids: string[];
}

export interface CachedImage {
  path: string;
  /** The 32-hex-digit folder (or file name) the cache is under. */
  imageUuid: string;
  sizeBytes: number;
}

export interface ImageCacheCleanUpReply extends AgentReply {
  removed: CachedImage[];
  /** Caches of images that are gone, kept because a volume's backing chain has them. */
  inUse: (CachedImage & { usedBy: string[] })[];
}

// ---- block devices and LVM (Shared Block) ----------------------------------------------

/** A block device as `lsblk` sees it. A shared LUN is the same disk on every host when its
 *  WWN (or, lacking one, its serial) is the same; loop devices have neither. */
export interface BlockDisk {
  name: string;
  path: string;
  sizeBytes: number;
  /** `disk`, `loop`, `part`, `lvm`, `rom`... */
  type: string;
  wwn: string | null;
  serial: string | null;
  model: string | null;
  /** The file system or signature on it (`LVM2_member`, `ext4`), when udev knows it. */
  fstype: string | null;
  /** The LVM physical volume on it and its group, from `pvs`. */
  pvUuid: string | null;
  vgName: string | null;
}

export interface BlockDisksReply extends AgentReply {
  disks: BlockDisk[];
}

export interface VolumeGroupCommand {
  vgName: string;
  /** Each a device path (`/dev/sdb`), `wwn:<wwn>` or `serial:<serial>`, resolved through lsblk. */
  disks: string[];
}

export type VolumeGroupReportCommand = Pick<VolumeGroupCommand, 'vgName'>;

export interface VolumeGroupRemoveReply extends AgentReply {
  /** False when the host had no such group. */
  removed: boolean;
}

export interface VolumeGroup {
  name: string;
  uuid: string;
  sizeBytes: number;
  freeBytes: number;
  extentSizeBytes: number;
  pvCount: number;
  lvCount: number;
}

export interface PhysicalVolume {
  path: string;
  uuid: string;
  vgName: string | null;
  sizeBytes: number;
  freeBytes: number;
}

export interface LogicalVolume {
  name: string;
  uuid: string;
  vgName: string;
  path: string;
  sizeBytes: number;
}

export interface VolumeGroupReply extends AgentReply {
  volumeGroup: VolumeGroup;
  physicalVolumes: PhysicalVolume[];
  logicalVolumes: LogicalVolume[];
  /** False where the kernel has no device-mapper: LVM then runs with `--driverloaded n`, which
   *  keeps the metadata right but cannot activate logical volumes. */
  deviceMapper: boolean;
}

// ---- iSCSI -----------------------------------------------------------------------------

export interface IscsiChap {
  username: string;
  /** Never logged nor echoed back in an error. */
  password: string;
}

export interface IscsiDiscoverCommand {
  /** `host` or `host:port` (3260 by default); IPv6 in brackets. */
  portal: string;
  chap?: IscsiChap;
}

export interface IscsiLun {
  lunId: number;
  /** SCSI peripheral type as libiscsi names it: `DIRECT_ACCESS`, `STORAGE_ARRAY_CONTROLLER`... */
  type: string;
  /** From READ CAPACITY(16); null for LUNs that are not disks. */
  sizeBytes: number | null;
  /** VPD page 0x80. */
  serial: string | null;
  /** An NAA/EUI-64 designator of VPD page 0x83 in text form; null when the target reports none
   *  readable (libiscsi 1.19 prints binary designators unreadably). */
  wwn: string | null;
}

export interface IscsiTarget {
  iqn: string;
  /** `address:port,tpgt` as the target reports it. */
  portal: string;
  luns: IscsiLun[];
}

export interface IscsiDiscoverReply extends AgentReply {
  /** `libiscsi` (iscsi-ls and friends, userspace, no login of the host) or `iscsiadm` (the
   *  kernel initiator's sendtargets: targets only, its LUNs need a login). */
  tool: 'libiscsi' | 'iscsiadm';
  /** False when the tool could list only targets (iscsiadm without libiscsi). */
  lunsListed: boolean;
  targets: IscsiTarget[];
}
