import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { HostModule } from '../host/host.module.js';
import { VmInstanceModule } from '../vm-instance/vm-instance.module.js';
import { AttachUsbDeviceToVmHandler } from './commands/attach-usb-device-to-vm.js';
import { DetachUsbDeviceFromVmHandler } from './commands/detach-usb-device-from-vm.js';
import { UpdateUsbDeviceHandler } from './commands/update-usb-device.js';
import { GetUsbDeviceCandidatesForAttachingVm } from './usb-device-candidates.js';
import { UsbDeviceDiscovery } from './usb-device-discovery.js';
import { UsbDeviceEntity } from './usb-device.entity.js';

const HANDLERS = [UpdateUsbDeviceHandler, AttachUsbDeviceToVmHandler, DetachUsbDeviceFromVmHandler];

/** USB devices of hosts, discovered on connect. */
@Module({ imports: [HostModule, VmInstanceModule], providers: [...HANDLERS, UsbDeviceDiscovery], exports: [UsbDeviceDiscovery] })
export class UsbDeviceModule {}

export const USB_DEVICE_FAMILY: FamilyManifest = {
  name: 'usb-device',
  module: UsbDeviceModule,
  entities: [UsbDeviceEntity],
  handlers: HANDLERS,
  syncApis: [GetUsbDeviceCandidatesForAttachingVm],
  queryResources: ['UsbDevice'],
};
