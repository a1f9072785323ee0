// A sysfs device folder (/sys/bus/pci/devices, /sys/bus/usb/devices) read into a plain object
// first, so the PCI and USB parsers run the same on this host's tree and on a recorded one.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface SysfsDeviceEntry {
  /** The attribute files asked for that exist, their text trimmed. */
  attributes: Record<string, string>;
  /** Every symlink in the device's folder (`driver`, `iommu_group`, `physfn`, `virtfn0`…), its raw target. */
  links: Record<string, string>;
}

/** Device name (`0000:00:01.0`, `1-1.2`) → entry. */
export type SysfsSnapshot = Record<string, SysfsDeviceEntry>;

/** Reads `dir`/<device>/ for every device; a missing `dir` is an empty tree (a host without USB). */
export async function readSysfsDevices(dir: string, attributes: readonly string[]): Promise<SysfsSnapshot> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(names.map(async (name) => [name, await readDevice(join(dir, name), attributes)] as const));
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

async function readDevice(path: string, attributes: readonly string[]): Promise<SysfsDeviceEntry> {
  const entry: SysfsDeviceEntry = { attributes: {}, links: {} };
  for (const attribute of attributes) {
    // Unreadable or absent (a device without `serial`, a function without SR-IOV): left out.
    const text = await readFile(join(path, attribute), 'utf8').catch(() => null);
    if (text !== null) entry.attributes[attribute] = text.trim();
  }
  const children = await readdir(path, { withFileTypes: true }).catch(() => []);
  for (const child of children) {
    if (child.isSymbolicLink()) entry.links[child.name] = await readlink(join(path, child.name));
  }
  return entry;
}

/** The last part of a link's target: `../../../bus/pci/drivers/virtio-pci` → `virtio-pci`. */
export function linkName(target: string | undefined): string | null {
  if (!target) return null;
  return target.split('/').filter(Boolean).pop() ?? null;
}
