// PCI discovery: on each connect of a host (and on demand, discover(hostUuid)) the agent
// lists the host's PCI functions and the host's pci_device rows follow: a device found again
// is updated in place, a new one inserted, one the host no longer has removed (its offering
// matches go with it), as ZStack's PCI device sync does on reconnect.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeviceAgentPath, type PciDevice, type PciDevicesReply } from '#agent-protocol';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostAgentChannel } from '../host/host-agent-channel.js';
import { type HostConnectHook, HostConnectHooks } from '../host/host-connect-hooks.js';
import type { HostEntity } from '../host/host.entity.js';
import { callHostAgent, lockHostDevices, planDeviceSync } from './device-sync.js';
import { PciDeviceEntity, PciDeviceOfferingEntity, PciDeviceOfferingRefEntity } from './pci-device.entity.js';
import { describe, discoveredFields, offeringMatches } from './pci-device-rows.js';

@Injectable()
export class PciDeviceDiscovery implements HostConnectHook, OnModuleInit {
  readonly name = 'pci device discovery';

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

  /** Reads the host's PCI devices now; answers the host's rows as they are after. */
  async discover(hostUuid: string): Promise<PciDeviceEntity[]> {
    const reply = await callHostAgent<PciDevicesReply>(this.channel, hostUuid, DeviceAgentPath.pciDevices, {});
    return this.db.transaction((tx) => syncPciDevices(tx, hostUuid, reply.devices, new Date()));
  }
}

export async function syncPciDevices(tx: EntityManager, hostUuid: string, found: readonly PciDevice[], now: Date): Promise<PciDeviceEntity[]> {
  await lockHostDevices(tx, 'pci', hostUuid);
  const repo = tx.getRepository(PciDeviceEntity);
  const plan = planDeviceSync(await repo.findBy({ hostUuid }), found, (row) => row.pciDeviceAddress, (device) => device.address);
  if (plan.remove.length) await repo.delete({ uuid: In(plan.remove.map((row) => row.uuid)) });
  for (const { row, found: device } of plan.update) {
    await repo.update({ uuid: row.uuid }, { ...discoveredFields(device), lastOpDate: now });
  }
  const inserted: PciDeviceEntity[] = plan.insert.map((device) => ({
    uuid: randomUUID().replace(/-/g, ''),
    hostUuid,
    vmInstanceUuid: null,
    pciDeviceAddress: device.address,
    description: describe(device),
    status: 'Active',
    state: 'Enabled',
    metaData: null,
    ...discoveredFields(device),
    createDate: now,
    lastOpDate: now,
  }));
  if (inserted.length) await repo.insert(inserted);
  const rows = await repo.findBy({ hostUuid });
  await rematchOfferings(tx, rows, await tx.getRepository(PciDeviceOfferingEntity).find());
  return rows;
}

/** Rewrites which of `offerings` the `devices` match (QueryPciDevicePciDeviceOffering). */
export async function rematchOfferings(tx: EntityManager, devices: readonly PciDeviceEntity[], offerings: readonly PciDeviceOfferingEntity[]): Promise<void> {
  if (!devices.length || !offerings.length) return;
  const refs = tx.getRepository(PciDeviceOfferingRefEntity);
  await refs.delete({ pciDeviceUuid: In(devices.map((d) => d.uuid)), pciDeviceOfferingUuid: In(offerings.map((o) => o.uuid)) });
  const matches = devices.flatMap((device) => offerings.filter((o) => offeringMatches(o, device)).map((o) => ({ pciDeviceUuid: device.uuid, pciDeviceOfferingUuid: o.uuid })));
  if (matches.length) await refs.insert(matches);
}
