// The PCI and USB devices given to VMs. A device is given by writing the VM's uuid on the
// device's row (a conditional UPDATE: two VMs never get one device), then changing the VM on
// its host: a running VM gets the device now and in its definition (libvirt attach-device
// --live --config), a stopped one in its definition (defined again from its rows). When the
// host refuses, the row is given back, so the database never says a device is attached
// that libvirt does not have.
import { Inject, Injectable } from '@nestjs/common';
import type { VmHostdev } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { VmLifecycle } from './vm-lifecycle.js';
import type { VmInstanceEntity } from './vm-instance.entity.js';
import { vmOrFail } from './vm-instance.repository.js';
import { VmRuntime } from './vm-runtime.js';

/** A destroyed VM's devices become candidates for other VMs again. */
export async function freeDevicesOf(tx: EntityManager, vmUuid: string): Promise<void> {
  await tx.query(`UPDATE "pci_device" SET "vmInstanceUuid" = NULL, "lastOpDate" = now() WHERE "vmInstanceUuid" = $1`, [vmUuid]);
  await tx.query(`UPDATE "usb_device" SET "vmInstanceUuid" = NULL, "lastOpDate" = now() WHERE "vmInstanceUuid" = $1`, [vmUuid]);
}

/** A device row: its table, uuid, host and what libvirt calls it. */
export interface GivenDevice {
  table: 'pci_device' | 'usb_device';
  uuid: string;
  label: string;
  hostUuid: string;
  hostdev: VmHostdev;
}

@Injectable()
export class VmDevices {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly runtime: VmRuntime,
  ) {}

  /** The VM a device may be given to: Running or Stopped, on the device's host. */
  async vmFor(vmUuid: string, device: GivenDevice): Promise<VmInstanceEntity> {
    const vm = await vmOrFail(this.db.manager, vmUuid);
    if (vm.state !== 'Running' && vm.state !== 'Stopped') throw ApiError.operation(`VM ${vm.name} is ${vm.state}; a device is attached to a Running or Stopped VM`);
    const vmHost = vm.hostUuid ?? vm.lastHostUuid;
    if (vmHost !== device.hostUuid) {
      throw ApiError.operation(`${device.label} is on host ${device.hostUuid} and VM ${vm.name} on host ${vmHost}: a device can be given only to a VM on its own host`);
    }
    return vm;
  }

  async attach(vm: VmInstanceEntity, device: GivenDevice): Promise<void> {
    const claimed = await this.db.query(`UPDATE "${device.table}" SET "vmInstanceUuid" = $2, "lastOpDate" = now() WHERE "uuid" = $1 AND "vmInstanceUuid" IS NULL RETURNING "uuid"`, [device.uuid, vm.uuid]);
    if (!(Array.isArray(claimed[0]) ? claimed[0] : claimed).length) throw ApiError.operation(`${device.label} is attached to another VM already`);
    try {
      await this.applyOnHost(vm, device, 'attach');
    } catch (err) {
      await this.db.query(`UPDATE "${device.table}" SET "vmInstanceUuid" = NULL, "lastOpDate" = now() WHERE "uuid" = $1 AND "vmInstanceUuid" = $2`, [device.uuid, vm.uuid]);
      throw err;
    }
  }

  async detach(vm: VmInstanceEntity, device: GivenDevice): Promise<void> {
    await this.db.query(`UPDATE "${device.table}" SET "vmInstanceUuid" = NULL, "lastOpDate" = now() WHERE "uuid" = $1 AND "vmInstanceUuid" = $2`, [device.uuid, vm.uuid]);
    try {
      await this.applyOnHost(vm, device, 'detach');
    } catch (err) {
      await this.db.query(`UPDATE "${device.table}" SET "vmInstanceUuid" = $2, "lastOpDate" = now() WHERE "uuid" = $1 AND "vmInstanceUuid" IS NULL`, [device.uuid, vm.uuid]);
      throw err;
    }
  }

  /** Defines a stopped VM again from its rows (a switch of USB redirect, a device given). */
  async redefine(vm: VmInstanceEntity): Promise<void> {
    const host = await this.lifecycle.connectedHost(vm.hostUuid ?? vm.lastHostUuid, vm);
    await this.runtime.define(host.uuid, await this.runtime.specOf(await vmOrFail(this.db.manager, vm.uuid)));
  }

  private async applyOnHost(vm: VmInstanceEntity, device: GivenDevice, change: 'attach' | 'detach'): Promise<void> {
    if (vm.state !== 'Running') return this.redefine(vm);
    const host = await this.lifecycle.connectedHost(vm.hostUuid, vm);
    if (change === 'attach') await this.runtime.attachHostdev(host.uuid, vm.uuid, device.hostdev);
    else await this.runtime.detachHostdev(host.uuid, vm.uuid, device.hostdev);
  }
}
