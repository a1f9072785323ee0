// USB discovery: on each connect of a host (and on demand) the agent lists its USB devices
// and the host's usb_device rows follow, keyed by port: found again, updated in place
// (bus/device numbers, strings); new, inserted Enabled; unplugged, removed. Root hubs
// (bDeviceClass 09 on a `usbN` port) are the host's own and never passed through: left out.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeviceAgentPath, type UsbDevice, type UsbDevicesReply } from '#agent-protocol';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostAgentChannel } from '../host/host-agent-channel.js';
import { type HostConnectHook, HostConnectHooks } from '../host/host-connect-hooks.js';
import type { HostEntity } from '../host/host.entity.js';
import { callHostAgent, lockHostDevices, planDeviceSync } from '../pci-device/device-sync.js';
import { UsbDeviceEntity } from './usb-device.entity.js';

/** A root hub is the controller itself (`usb1`), not a device one could hand to a VM. */
export const isRootHub = (device: UsbDevice): boolean => /^usb\d+$/.test(device.port);

function discoveredFields(device: UsbDevice): Pick<UsbDeviceEntity, 'busNum' | 'devNum' | 'idVendor' | 'idProduct' | 'iManufacturer' | 'iProduct' | 'iSerial' | 'usbVersion'> {
  return {
    busNum: String(device.busNumber),
    devNum: String(device.deviceNumber),
    idVendor: device.vendorId,
    idProduct: device.productId,
    iManufacturer: device.manufacturer,
    iProduct: device.product,
    iSerial: device.serial,
    usbVersion: device.usbVersion,
  };
}

@Injectable()
export class UsbDeviceDiscovery implements HostConnectHook, OnModuleInit {
  readonly name = 'usb device discovery';

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly channel: HostAgentChannel,
    private readonly hooks: HostConnectHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.join(this);
  }

  async onConnected(host: HostEntity): Promise<void> {
    await this.discover(host.uuid);
  }

  async discover(hostUuid: string): Promise<UsbDeviceEntity[]> {
    const reply = await callHostAgent<UsbDevicesReply>(this.channel, hostUuid, DeviceAgentPath.usbDevices, {});
    return this.db.transaction((tx) => syncUsbDevices(tx, hostUuid, reply.devices, new Date()));
  }
}

export async function syncUsbDevices(tx: EntityManager, hostUuid: string, found: readonly UsbDevice[], now: Date): Promise<UsbDeviceEntity[]> {
  await lockHostDevices(tx, 'usb', hostUuid);
  const repo = tx.getRepository(UsbDeviceEntity);
  const devices = found.filter((device) => !isRootHub(device));
  const plan = planDeviceSync(await repo.findBy({ hostUuid }), devices, (row) => row.portPath, (device) => device.port);
  if (plan.remove.length) await repo.delete({ uuid: In(plan.remove.map((row) => row.uuid)) });
  for (const { row, found: device } of plan.update) await repo.update({ uuid: row.uuid }, { ...discoveredFields(device), lastOpDate: now });
  const inserted: UsbDeviceEntity[] = plan.insert.map((device) => ({
    uuid: randomUUID().replace(/-/g, ''),
    name: device.description ?? device.product ?? `${device.vendorId}:${device.productId}`,
    description: device.description,
    hostUuid,
    vmInstanceUuid: null,
    portPath: device.port,
    state: 'Enabled',
    ...discoveredFields(device),
    createDate: now,
    lastOpDate: now,
  }));
  if (inserted.length) await repo.insert(inserted);
  return repo.findBy({ hostUuid });
}
