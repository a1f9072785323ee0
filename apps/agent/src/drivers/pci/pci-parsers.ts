// Pure parsers for PCI discovery: a sysfs snapshot of /sys/bus/pci/devices (ids, driver, IOMMU
// group, SR-IOV) and `lspci -Dmmnnv` (names), merged per address. Tested on this host's
// recorded tree and on a GPU server's (fixtures/).
import type { PciDevice } from '#agent-protocol';
import { linkName, type SysfsSnapshot } from '../sysfs/sysfs-snapshot.js';

/** The attribute files of /sys/bus/pci/devices/<address>/ the parser reads. */
export const PCI_SYSFS_ATTRIBUTES = ['vendor', 'device', 'subsystem_vendor', 'subsystem_device', 'class', 'revision', 'numa_node', 'sriov_totalvfs', 'sriov_numvfs'] as const;

export interface LspciEntry {
  className: string | null;
  vendorName: string | null;
  deviceName: string | null;
}

/** `lspci -Dmmnnv`: blank-line separated records of `Tag:<tab>value`, where names carry their
 *  id in brackets at the end (`Vendor:	NVIDIA Corporation [10de]`). lspci prints `Device
 *  [0d57]` for an id pci.ids does not know: that is no name. */
export function parseLspciMachine(text: string): Map<string, LspciEntry> {
  const entries = new Map<string, LspciEntry>();
  for (const record of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of record.split('\n')) {
      const match = /^(\w+):\s*(.*)$/.exec(line);
      if (match) fields.set(match[1], match[2].trim());
    }
    const slot = fields.get('Slot');
    if (!slot) continue;
    entries.set(fullAddress(slot), {
      className: nameOf(fields.get('Class'), 'Class'),
      vendorName: nameOf(fields.get('Vendor'), 'Vendor'),
      deviceName: nameOf(fields.get('Device'), 'Device'),
    });
  }
  return entries;
}

/** `GA100 [A100 SXM4 40GB] [20b0]` → `GA100 [A100 SXM4 40GB]`; lspci's placeholder for an
 *  unknown id (`Device [0d57]`, `Class [ffff]`) → null. */
function nameOf(value: string | undefined, placeholder: string): string | null {
  if (!value) return null;
  const name = value.replace(/\s*\[[0-9a-fA-F]{4,6}\]$/, '').trim();
  return name === '' || name === placeholder ? null : name;
}

/** lspci without -D omits domain 0000. */
function fullAddress(slot: string): string {
  return /^[0-9a-f]{4}:/i.test(slot) ? slot.toLowerCase() : `0000:${slot.toLowerCase()}`;
}

/** `0x10de` → `10de`; `0x030200` → `030200`. */
function hex(value: string | undefined, digits: number): string | null {
  if (value === undefined || !/^0x[0-9a-fA-F]+$/.test(value)) return null;
  return value.slice(2).toLowerCase().padStart(digits, '0');
}

/** Functions without a subsystem (host bridges) show 0x0000, which lspci leaves out too. */
function subsystemId(value: string | undefined): string | null {
  const id = hex(value, 4);
  return id === '0000' ? null : id;
}

function integer(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) ? n : null;
}

/** The PCI functions of a sysfs snapshot, names left null (lspci adds them). Entries without
 *  vendor/device ids are not PCI functions and are skipped. */
export function parsePciSysfs(snapshot: SysfsSnapshot): PciDevice[] {
  const devices: PciDevice[] = [];
  for (const [address, { attributes: a, links }] of Object.entries(snapshot)) {
    const vendorId = hex(a.vendor, 4);
    const deviceId = hex(a.device, 4);
    const pciClass = hex(a.class, 6);
    if (!vendorId || !deviceId || !pciClass) continue;
    const totalVfs = integer(a.sriov_totalvfs);
    const numaNode = integer(a.numa_node);
    devices.push({
      address,
      vendorId,
      deviceId,
      subsystemVendorId: subsystemId(a.subsystem_vendor),
      subsystemDeviceId: subsystemId(a.subsystem_device),
      classId: pciClass.slice(0, 4),
      progIf: pciClass.slice(4),
      revision: hex(a.revision, 2),
      vendorName: null,
      deviceName: null,
      className: null,
      driver: linkName(links.driver),
      iommuGroup: integer(linkName(links.iommu_group) ?? undefined),
      // the kernel writes -1 when the firmware gives no NUMA affinity
      numaNode: numaNode !== null && numaNode >= 0 ? numaNode : null,
      sriov: totalVfs !== null && totalVfs > 0 ? { totalVfs, numVfs: integer(a.sriov_numvfs) ?? 0 } : null,
      physicalFunction: linkName(links.physfn),
      virtualFunctions: virtualFunctionsOf(links),
    });
  }
  return devices.sort((x, y) => x.address.localeCompare(y.address));
}

/** `virtfn0`, `virtfn1`, … in VF order (virtfn10 after virtfn9). */
function virtualFunctionsOf(links: Record<string, string>): string[] {
  return Object.entries(links)
    .filter(([name]) => /^virtfn\d+$/.test(name))
    .sort(([a], [b]) => Number(a.slice(6)) - Number(b.slice(6)))
    .map(([, target]) => linkName(target) ?? '');
}

/** sysfs is the truth for what exists and its ids; lspci only adds names. */
export function mergePciDevices(fromSysfs: PciDevice[], names: Map<string, LspciEntry>): PciDevice[] {
  return fromSysfs.map((device) => ({ ...device, ...(names.get(device.address) ?? {}) }));
}
