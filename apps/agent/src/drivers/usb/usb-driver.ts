// USB devices of the host (licence dongles and the like), for passthrough and redirect.
import type { UsbDevice } from '#agent-protocol';
import type { CommandRunner } from '../../command-runner.js';
import { readSysfsDevices } from '../sysfs/sysfs-snapshot.js';
import { parseLsusb, parseUsbSysfs, USB_SYSFS_ATTRIBUTES } from './usb-parsers.js';

export interface UsbDriver {
  devices(): Promise<UsbDevice[]>;
}

export class LinuxUsbDriver implements UsbDriver {
  /** @param usbDevicesDir /sys/bus/usb/devices; absent on hosts without a USB controller. */
  constructor(
    private readonly runner: CommandRunner,
    private readonly usbDevicesDir = '/sys/bus/usb/devices',
  ) {}

  async devices(): Promise<UsbDevice[]> {
    const snapshot = await readSysfsDevices(this.usbDevicesDir, USB_SYSFS_ATTRIBUTES);
    if (Object.keys(snapshot).length === 0) return [];
    // Descriptions are a courtesy: without usbutils the device's own strings stand.
    const lsusb = await this.runner.run(['lsusb'], { env: { LC_ALL: 'C' } });
    return parseUsbSysfs(snapshot, lsusb.returnCode === 0 ? parseLsusb(lsusb.stdout) : new Map());
  }
}
