// Pure parsers for USB discovery: a sysfs snapshot of /sys/bus/usb/devices and plain `lsusb`
// (usb.ids descriptions). Tested on a recorded tree (fixtures/README.md says from where).
import type { UsbDevice } from '#agent-protocol';
import type { SysfsSnapshot } from '../sysfs/sysfs-snapshot.js';

export const USB_SYSFS_ATTRIBUTES = ['busnum', 'devnum', 'idVendor', 'idProduct', 'manufacturer', 'product', 'serial', 'speed', 'version', 'bDeviceClass'] as const;

/** `Bus 007 Device 003: ID 045e:0023 Microsoft Corp. Trackball Optical` → `7:3` → description. */
export function parseLsusb(text: string): Map<string, string> {
  const descriptions = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^Bus (\d+) Device (\d+): ID [0-9a-f]{4}:[0-9a-f]{4}\s*(.*)$/i.exec(line.trim());
    if (match && match[3].trim() !== '') descriptions.set(`${Number(match[1])}:${Number(match[2])}`, match[3].trim());
  }
  return descriptions;
}

/** USB devices of the tree with lsusb's descriptions. Interfaces (`7-3.1:1.0`) have no
 *  busnum/devnum and are not devices; they are skipped. */
export function parseUsbSysfs(snapshot: SysfsSnapshot, descriptions: Map<string, string> = new Map()): UsbDevice[] {
  const devices: UsbDevice[] = [];
  for (const [port, { attributes: a }] of Object.entries(snapshot)) {
    const busNumber = Number(a.busnum);
    const deviceNumber = Number(a.devnum);
    if (!a.busnum || !a.devnum || !Number.isInteger(busNumber) || !Number.isInteger(deviceNumber) || !a.idVendor || !a.idProduct) continue;
    devices.push({
      busNumber,
      deviceNumber,
      port,
      vendorId: a.idVendor.toLowerCase(),
      productId: a.idProduct.toLowerCase(),
      manufacturer: a.manufacturer || null,
      product: a.product || null,
      serial: a.serial || null,
      speed: a.speed || null,
      usbVersion: a.version || null,
      deviceClass: a.bDeviceClass || null,
      description: descriptions.get(`${busNumber}:${deviceNumber}`) ?? null,
    });
  }
  return devices.sort((x, y) => x.busNumber - y.busNumber || x.deviceNumber - y.deviceNumber);
}
