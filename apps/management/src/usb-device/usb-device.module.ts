import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { HostModule } from '../host/host.module.js';
import { UpdateUsbDeviceHandler } from './commands/update-usb-device.js';
import { UsbDeviceDiscovery } from './usb-device-discovery.js';
import { UsbDeviceEntity } from './usb-device.entity.js';

const HANDLERS = [UpdateUsbDeviceHandler];

/** USB devices of hosts, discovered on connect. */
@Module({ imports: [HostModule], providers: [...HANDLERS, UsbDeviceDiscovery], exports: [UsbDeviceDiscovery] })
export class UsbDeviceModule {}

export const USB_DEVICE_FAMILY: FamilyManifest = { name: 'usb-device', module: UsbDeviceModule, entities: [UsbDeviceEntity], handlers: HANDLERS, queryResources: ['UsbDevice'] };
