// Virtual machines on a host, as the agent runs them through libvirt. The management node
// names each domain after the VM's uuid, so every command carries only `vmUuid`.
import type { AgentReply } from './index.js';

export const VmAgentPath = {
  define: '/vm/define',
  start: '/vm/start',
  stop: '/vm/stop',
  reboot: '/vm/reboot',
  undefine: '/vm/undefine',
  state: '/vm/state',
  xml: '/vm/xml',
  attachHostdev: '/vm/hostdev/attach',
  detachHostdev: '/vm/hostdev/detach',
  createRootVolume: '/vm/volume/create',
  deleteVolume: '/vm/volume/delete',
  shareVolume: '/vm/volume/share',
  unshareVolume: '/vm/volume/unshare',
  receiveVolume: '/vm/volume/receive',
  /** GET `<prefix>/<shareId>`: a shared file's bytes; the share id is the authority. */
  volumeDownload: '/vm/volume/download',
} as const;

/** A root volume made from an image: the image is downloaded once into the storage's image
 *  cache (`<cacheDirectory>/<imageUuid>/<imageUuid>.qcow2`, ZStack's layout), then the
 *  volume is a qcow2 overlay on it. */
export interface CreateRootVolumeCommand {
  /** http(s) URL the image's bytes come from (an expiring export of its backup storage). */
  imageUrl: string;
  imageUuid: string;
  /** The image's content: a mismatch keeps nothing. */
  imageSha256: string;
  imageFormat: 'qcow2' | 'raw';
  /** Absolute. */
  cacheDirectory: string;
  /** Absolute; its folder is made. */
  volumePath: string;
}

export interface RootVolumeReply extends AgentReply {
  /** Virtual size and bytes used on disk (`qemu-img info`). */
  volume: { path: string; size: number; actualSize: number };
}

/** A volume moving to another host or storage: its source agent shares the volume's file and
 *  its backing image (the image cache file it is an overlay on) for a while. */
export interface ShareVolumeCommand {
  /** Absolute: the volume's file. */
  volumePath: string;
  expiresInSeconds: number;
}

export interface SharedVolumeFile {
  /** Where it is on the source host. */
  path: string;
  /** http URL the destination downloads it from (holding the share id). */
  url: string;
  shareId: string;
  size: number;
  sha256: string;
  format: 'qcow2' | 'raw';
}

export interface ShareVolumeReply extends AgentReply {
  volume: SharedVolumeFile;
  /** The image the volume is an overlay on; null for a volume that stands alone. */
  backing: SharedVolumeFile | null;
}

export interface UnshareVolumeCommand {
  shareIds: string[];
}

/** The destination's side: the backing image into `backing.path` when that is not there yet,
 *  then the volume into `volumePath`, each checked against its sha256, the volume pointed at
 *  the destination's backing file. */
export interface ReceiveVolumeCommand {
  volume: { url: string; sha256: string };
  volumePath: string;
  backing: { url: string; sha256: string; path: string; format: 'qcow2' | 'raw' } | null;
}

export interface DeleteVolumeCommand {
  /** Absolute: the volume's file; its folder goes too when that is left empty. */
  volumePath: string;
}

/** A device of the host given to the guest: a PCI function by address, a USB device by
 *  vendor/product (follows the device to any port) or by bus/device (that one device). */
export type VmHostdev =
  | { type: 'pci'; address: string }
  | { type: 'usb'; vendorId: string; productId: string }
  | { type: 'usb'; busNumber: number; deviceNumber: number };

/** What the agent turns into a libvirt domain. */
export interface VmSpec {
  /** 32 hex digits (ZStack's uuid); the domain's name and uuid. */
  vmUuid: string;
  /** The VM's name as the operator gave it, kept in the domain's <description>. */
  description?: string;
  cpuNum: number;
  memoryBytes: number;
  rootDisk: { path: string; format: 'qcow2' | 'raw' };
  /** One NIC on a Linux bridge; none when absent. */
  nic?: { bridge: string; mac: string; model?: 'virtio' | 'e1000' } | null;
  /** SPICE graphics; `usbRedirectChannels` spice usbredir channels (0 = no USB redirect). */
  graphics?: { usbRedirectChannels: number } | null;
  hostdevs?: VmHostdev[];
  /** `/vm/define` starts the domain too (one call where a create would make two). */
  start?: boolean;
}

export interface VmCommand {
  vmUuid: string;
}

export interface StopVmCommand extends VmCommand {
  /** How long a graceful (ACPI) shutdown may take before the agent destroys the domain.
   *  Default DEFAULT_VM_STOP_TIMEOUT_MS. */
  timeoutMs?: number;
}

export const DEFAULT_VM_STOP_TIMEOUT_MS = 60_000;

export interface VmHostdevCommand extends VmCommand {
  hostdev: VmHostdev;
}

/** libvirt's state words (`virsh domstate`): `running`, `shut off`, `paused`, …; `absent`
 *  when libvirt knows no such domain. */
export interface VmState {
  vmUuid: string;
  state: string;
}

export interface VmStateReply extends AgentReply {
  vm: VmState;
}

export interface VmXmlReply extends AgentReply {
  vmUuid: string;
  /** The domain's definition as libvirt holds it (`virsh dumpxml`). */
  xml: string;
}

export interface StopVmReply extends VmStateReply {
  /** True when the guest did not shut down in time and was destroyed. */
  forced: boolean;
}
