// What a VM is on its host: the libvirt domain the agent defines from the VM's rows (CPUs,
// memory, root volume, SPICE with the USB redirect channels, the PCI and USB devices given to
// it), and the agent calls that run it. Every call names the host; a failure becomes a ZStack
// operation error naming the host and what failed.
import { Inject, Injectable } from '@nestjs/common';
import { type AgentReply, type CreateRootVolumeCommand, type ReceiveVolumeCommand, type RootVolumeReply, type ShareVolumeReply, type StopVmReply, VmAgentPath, type VmHostdev, type VmSpec, type VmStateReply, type VmXmlReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostAgentChannel } from '../host/host-agent-channel.js';
import { PciDeviceEntity } from '../pci-device/pci-device.entity.js';
import { UsbDeviceEntity } from '../usb-device/usb-device.entity.js';
import { type VmInstanceEntity, VolumeEntity } from './vm-instance.entity.js';

/** SPICE usbredir channels a VM gets when SetVmUsbRedirect switches redirect on. */
export const USB_REDIRECT_CHANNELS = 4;
/** Downloading an image into the cache takes as long as the image is big. */
const ROOT_VOLUME_TIMEOUT_MS = 30 * 60_000;

/** libvirt's state words as ZStack's VM states. */
export function vmStateOf(libvirtState: string): 'Running' | 'Stopped' | 'Paused' | 'Unknown' {
  if (libvirtState === 'running' || libvirtState === 'idle' || libvirtState === 'blocked' || libvirtState === 'in shutdown') return 'Running';
  if (libvirtState === 'shut off' || libvirtState === 'crashed' || libvirtState === 'absent') return 'Stopped';
  if (libvirtState === 'paused' || libvirtState === 'pmsuspended') return 'Paused';
  return 'Unknown';
}

export const pciHostdev = (device: Pick<PciDeviceEntity, 'pciDeviceAddress'>): VmHostdev => ({ type: 'pci', address: device.pciDeviceAddress.toLowerCase() });
/** By bus and device number: that very device (a second dongle of the same model stays). */
export const usbHostdev = (device: Pick<UsbDeviceEntity, 'busNum' | 'devNum'>): VmHostdev => ({ type: 'usb', busNumber: Number(device.busNum), deviceNumber: Number(device.devNum) });

@Injectable()
export class VmRuntime {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly channel: HostAgentChannel,
  ) {}

  /** The domain of `vm` as its rows say now. */
  async specOf(vm: VmInstanceEntity, db: EntityManager = this.db.manager): Promise<VmSpec> {
    const root = vm.rootVolumeUuid ? await db.getRepository(VolumeEntity).findOneBy({ uuid: vm.rootVolumeUuid }) : null;
    if (!root?.installPath) throw ApiError.operation(`VM ${vm.uuid} has no root volume`);
    const pci = await db.getRepository(PciDeviceEntity).find({ where: { vmInstanceUuid: vm.uuid }, order: { pciDeviceAddress: 'ASC' } });
    const usb = await db.getRepository(UsbDeviceEntity).find({ where: { vmInstanceUuid: vm.uuid }, order: { portPath: 'ASC' } });
    return {
      vmUuid: vm.uuid,
      description: vm.name,
      cpuNum: vm.cpuNum,
      memoryBytes: Number(vm.memorySize),
      rootDisk: { path: root.installPath, format: root.format === 'raw' ? 'raw' : 'qcow2' },
      nic: null,
      graphics: { usbRedirectChannels: vm.usbRedirect ? USB_REDIRECT_CHANNELS : 0 },
      hostdevs: [...pci.map(pciHostdev), ...usb.map(usbHostdev)],
    };
  }

  createRootVolume(hostUuid: string, command: CreateRootVolumeCommand): Promise<RootVolumeReply> {
    return this.call<RootVolumeReply>(hostUuid, VmAgentPath.createRootVolume, command, ROOT_VOLUME_TIMEOUT_MS);
  }

  async deleteVolume(hostUuid: string, volumePath: string): Promise<void> {
    await this.call<AgentReply>(hostUuid, VmAgentPath.deleteVolume, { volumePath });
  }

  /** The source's side of moving a volume: its file and backing image shared for `seconds`. */
  shareVolume(hostUuid: string, volumePath: string, seconds: number): Promise<ShareVolumeReply> {
    return this.call<ShareVolumeReply>(hostUuid, VmAgentPath.shareVolume, { volumePath, expiresInSeconds: seconds });
  }

  async unshareVolume(hostUuid: string, shareIds: string[]): Promise<void> {
    await this.call<AgentReply>(hostUuid, VmAgentPath.unshareVolume, { shareIds });
  }

  /** The destination's side: downloads what the source shares; the volume as it is there. */
  async receiveVolume(hostUuid: string, command: ReceiveVolumeCommand, timeoutMs: number): Promise<RootVolumeReply['volume']> {
    return (await this.call<RootVolumeReply>(hostUuid, VmAgentPath.receiveVolume, command, timeoutMs)).volume;
  }

  /** Defines the domain (and with `start`, starts it in the same call); libvirt's state after. */
  async define(hostUuid: string, spec: VmSpec, start = false): Promise<string> {
    return (await this.call<VmStateReply>(hostUuid, VmAgentPath.define, start ? { ...spec, start } : spec)).vm.state;
  }

  async start(hostUuid: string, vmUuid: string): Promise<string> {
    return (await this.call<VmStateReply>(hostUuid, VmAgentPath.start, { vmUuid })).vm.state;
  }

  async stop(hostUuid: string, vmUuid: string, timeoutMs: number): Promise<StopVmReply> {
    return this.call<StopVmReply>(hostUuid, VmAgentPath.stop, { vmUuid, timeoutMs }, timeoutMs + 30_000);
  }

  async reboot(hostUuid: string, vmUuid: string, timeoutMs: number): Promise<string> {
    return (await this.call<VmStateReply>(hostUuid, VmAgentPath.reboot, { vmUuid, timeoutMs }, timeoutMs + 30_000)).vm.state;
  }

  async undefine(hostUuid: string, vmUuid: string): Promise<void> {
    await this.call<VmStateReply>(hostUuid, VmAgentPath.undefine, { vmUuid });
  }

  async state(hostUuid: string, vmUuid: string): Promise<string> {
    return (await this.call<VmStateReply>(hostUuid, VmAgentPath.state, { vmUuid })).vm.state;
  }

  async xml(hostUuid: string, vmUuid: string): Promise<string> {
    return (await this.call<VmXmlReply>(hostUuid, VmAgentPath.xml, { vmUuid })).xml;
  }

  async attachHostdev(hostUuid: string, vmUuid: string, hostdev: VmHostdev): Promise<void> {
    await this.call<VmStateReply>(hostUuid, VmAgentPath.attachHostdev, { vmUuid, hostdev });
  }

  async detachHostdev(hostUuid: string, vmUuid: string, hostdev: VmHostdev): Promise<void> {
    await this.call<VmStateReply>(hostUuid, VmAgentPath.detachHostdev, { vmUuid, hostdev });
  }

  private async call<T extends AgentReply>(hostUuid: string, path: string, body: object, timeoutMs = 120_000): Promise<T> {
    try {
      return await this.channel.call<T>(hostUuid, path, body, timeoutMs);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw ApiError.operation(`host ${hostUuid}: ${path}: ${(err as Error).message}`);
    }
  }
}
