// PCI and USB devices of a host, and its IOMMU, as the agent reports them: what the
// management node keeps as PciDevice/UsbDevice rows and shows in GetHostIommuStatus/State.
import type { AgentReply } from './index.js';

export const DeviceAgentPath = {
  pciDevices: '/host/pci-devices',
  iommuState: '/host/iommu',
  updateIommu: '/host/iommu/update',
  usbDevices: '/host/usb-devices',
} as const;

/** One PCI function, from sysfs (ids, driver, IOMMU group, SR-IOV) and `lspci -Dmmnnv` (names). */
export interface PciDevice {
  /** domain:bus:slot.function, as `lspci -D` prints it: `0000:07:00.0`. */
  address: string;
  /** Four lower-case hex digits, no `0x`: `10de`. */
  vendorId: string;
  deviceId: string;
  subsystemVendorId: string | null;
  subsystemDeviceId: string | null;
  /** Class and subclass, four hex digits (`0302`: 3D controller); `progIf` the last byte. */
  classId: string;
  progIf: string;
  revision: string | null;
  /** lspci's names (from pci.ids); null where lspci is missing or does not know the id. */
  vendorName: string | null;
  deviceName: string | null;
  className: string | null;
  /** The bound kernel driver (`nvidia`, `vfio-pci`, `virtio-pci`), null when none. */
  driver: string | null;
  /** null when the kernel has no IOMMU groups (IOMMU off). */
  iommuGroup: number | null;
  numaNode: number | null;
  /** SR-IOV physical function: how many VFs it can have and has; null when not SR-IOV capable. */
  sriov: { totalVfs: number; numVfs: number } | null;
  /** The physical function's address when this is a virtual function. */
  physicalFunction: string | null;
  virtualFunctions: string[];
}

export interface PciDevicesReply extends AgentReply {
  devices: PciDevice[];
}

/** What GetHostIommuStatus/State need: is IOMMU asked for, and is it working. */
export interface IommuState {
  /** The kernel made IOMMU groups (/sys/kernel/iommu_groups has entries): passthrough can work. */
  active: boolean;
  groupCount: number;
  /** The firmware turned VT-d/AMD-Vi on: the kernel registered IOMMU units (/sys/class/iommu
   *  has entries). ZStack's kvmagent calls the host's IOMMU Active when this holds and the
   *  kernel command line has the CPU's `…_iommu=on`. */
  firmwareEnabled: boolean;
  /** The IOMMU arguments on /proc/cmdline (`intel_iommu=on`, `amd_iommu=on`, `iommu=pt`). */
  kernelArguments: string[];
  /** `GenuineIntel`, `AuthenticAMD`, … from /proc/cpuinfo: which argument turns IOMMU on. */
  cpuVendor: string | null;
}

export interface IommuStateReply extends AgentReply {
  iommu: IommuState;
}

/** Turns IOMMU on or off in the boot loader's kernel arguments (GRUB_CMDLINE_LINUX). */
export interface UpdateIommuCommand {
  enabled: boolean;
}

export interface UpdateIommuReply extends AgentReply {
  /** False when the file already said so: nothing was written. */
  changed: boolean;
  /** The kernel arguments only take effect at the next boot. */
  rebootRequired: boolean;
  /** GRUB_CMDLINE_LINUX as it is now. */
  kernelCommandLine: string;
}

/** One USB device (not interface), from /sys/bus/usb/devices and `lsusb`. */
export interface UsbDevice {
  busNumber: number;
  deviceNumber: number;
  /** The sysfs name: the port path (`1-1.2`), or `usb1` for a root hub. */
  port: string;
  vendorId: string;
  productId: string;
  /** The device's own strings (sysfs), null where it has none. */
  manufacturer: string | null;
  product: string | null;
  serial: string | null;
  /** Mbit/s as sysfs says: `1.5`, `12`, `480`, `5000`. */
  speed: string | null;
  /** bcdUSB, e.g. `2.00`. */
  usbVersion: string | null;
  /** bDeviceClass (`09` is a hub). */
  deviceClass: string | null;
  /** lsusb's description from usb.ids (`SanDisk Corp. Cruzer Blade`). */
  description: string | null;
}

export interface UsbDevicesReply extends AgentReply {
  devices: UsbDevice[];
}
