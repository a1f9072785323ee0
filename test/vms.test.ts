// The VM slice through the REST API on real parts: a KVM host added over real SSH (a test
// user in group libvirt, its agent driving this machine's libvirtd on qemu:///system, KVM when
// /dev/kvm is there), local primary storage in the host's home, an ImageStore on a second
// test host and an image imported from an HTTP server in this process (a blank qcow2 made by
// qemu-img: the guest has no OS, which libvirt runs all the same). What the node says is
// checked against `virsh` and the files on disk, and the capacity it reserves against what it
// gives back.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { mergePciDevices, parseLspciMachine, parsePciSysfs } from '../apps/agent/src/drivers/pci/pci-parsers.js';
import type { SysfsSnapshot } from '../apps/agent/src/drivers/sysfs/sysfs-snapshot.js';
import { parseLsusb, parseUsbSysfs } from '../apps/agent/src/drivers/usb/usb-parsers.js';
import { DATA_SOURCE } from '../apps/management/src/database/database.tokens.js';
import { syncPciDevices } from '../apps/management/src/pci-device/pci-device-discovery.js';
import { syncUsbDevices } from '../apps/management/src/usb-device/usb-device-discovery.js';
import { type InProcessNode, startInProcessNode } from './support/in-process-node.js';
import { domains, ensureLibvirtd, QEMU_SYSTEM_URI, removeDomainsUnder, virsh } from './support/libvirtd.js';
import type { TestHost } from './support/test-hosts.js';
import { type BlankImage, blankImage } from './support/blank-image.js';
import { zoneWithHosts } from './support/zone-with-hosts.js';
import type { ZStackClient } from './support/zstack-client.js';

let image: Buffer;
let blank: BlankImage;
let node: InProcessNode;
let api: ZStackClient;
const hosts: TestHost[] = [];
let zoneUuid: string;
let hostUuid: string;
let psUuid: string;
let imageUuid: string;
let psDir: string;

const hostCapacity = async () => {
  const h = (await api.call('GET', `/v1/hosts?q=uuid=${hostUuid}`)).body.inventories[0];
  return { cpu: h.availableCpuCapacity as number, memory: h.availableMemoryCapacity as number };
};
/** What reservations hold on the primary storage: total - used outside ZStack - available
 *  (re-measurements of the host's file system, which other tests share, move the rest). */
const psReserved = async () => {
  const ps = (await api.call('GET', `/v1/primary-storage?q=uuid=${psUuid}`)).body.inventories[0];
  return ps.totalCapacity - ps.systemUsedCapacity - ps.availableCapacity;
};
const vmCount = async () => (await api.call('GET', '/v1/vm-instances?count=true')).body.total as number;
const MEMORY = 64 * 1024 ** 2;

beforeAll(async () => {
  await ensureLibvirtd();
  node = await startInProcessNode(undefined, { ZSTACK_VM_STOP_TIMEOUT: '2', ZSTACK_KVM_LIBVIRT_URI: QEMU_SYSTEM_URI });
  api = node.api;
  const setup = await zoneWithHosts(api, 'vms', ['vm-host-1'], hosts, { groups: ['libvirt'] });
  zoneUuid = setup.zoneUuid;
  hostUuid = setup.hostUuids[0];
  psDir = `${hosts[0].home}/primary`;
  const ps = await api.run('POST', '/v1/primary-storage/local-storage', { params: { name: 'local-vms', url: psDir, zoneUuid } });
  psUuid = ps.body.inventory.uuid;
  expect((await api.run('POST', `/v1/clusters/${setup.clusterUuid}/primary-storage/${psUuid}`, {}, {}, 60_000)).status).toBe(200);
  blank = await blankImage(api, zoneUuid, hosts);
  imageUuid = blank.imageUuid;
  image = blank.bytes;
}, 300_000);

afterAll(async () => {
  // Only this file's VMs: their disks are under this run's hosts.
  removeDomainsUnder(hosts.map((h) => h.home));
  await node?.close();
  for (const h of hosts) await h.stop();
  blank?.close();
});

describe('a VM on a real KVM host', () => {
  let vmUuid: string;
  let volumePath: string;
  let before: { cpu: number; memory: number };
  let psBefore: number;

  it('is created from an image with an instance offering and runs in libvirt, its capacity reserved', async () => {
    before = await hostCapacity();
    psBefore = await psReserved();
    const offering = await api.run('POST', '/v1/instance-offerings', { params: { name: 'small', cpuNum: 1, memorySize: MEMORY } });
    expect(offering.body.inventory).toMatchObject({ name: 'small', cpuNum: 1, memorySize: MEMORY, state: 'Enabled', type: 'UserVm' });
    const created = await api.run('POST', '/v1/vm-instances', { params: { name: 'vm-1', instanceOfferingUuid: offering.body.inventory.uuid, imageUuid } }, {}, 180_000);
    expect(created.body.error).toBeUndefined();
    const vm = created.body.inventory;
    vmUuid = vm.uuid;
    expect(vm).toMatchObject({ name: 'vm-1', state: 'Running', hostUuid, lastHostUuid: hostUuid, cpuNum: 1, memorySize: MEMORY, imageUuid, hypervisorType: 'KVM', zoneUuid });
    expect(domains()).toContain(vmUuid);
    const [root] = vm.allVolumes;
    expect(root).toMatchObject({ uuid: vm.rootVolumeUuid, type: 'Root', format: 'qcow2', primaryStorageUuid: psUuid, vmInstanceUuid: vmUuid, rootImageUuid: imageUuid, status: 'Ready', size: 256 * 1024 ** 2 });
    volumePath = root.installPath;
    expect(volumePath.startsWith(`${psDir}/rootVolumes/`)).toBe(true);
    // A qcow2 overlay on the cached image, the image downloaded once with its sha256.
    const info = JSON.parse(execFileSync('qemu-img', ['info', '-U', '--output=json', volumePath], { encoding: 'utf8' }));
    expect(info['backing-filename']).toBe(`${psDir}/imagecache/template/${imageUuid}/${imageUuid}.qcow2`);
    expect(createHash('sha256').update(readFileSync(info['backing-filename'])).digest('hex')).toBe(createHash('sha256').update(image).digest('hex'));
    expect(virsh('dumpxml', vmUuid)).toContain(volumePath);
    expect(await hostCapacity()).toEqual({ cpu: before.cpu - 1, memory: before.memory - MEMORY });
    expect(await psReserved()).toBe(psBefore + 256 * 1024 ** 2);
    expect((await api.call('GET', `/v1/volumes?q=vmInstanceUuid=${vmUuid}`)).body.inventories).toHaveLength(1);
    expect((await api.call('GET', `/v1/vm-instances?q=allVolumes.uuid=${vm.rootVolumeUuid}`)).body.inventories.map((v: { uuid: string }) => v.uuid)).toEqual([vmUuid]);
  });

  it('stops (its host capacity given back), starts again and reboots', async () => {
    const stopped = await api.run('PUT', `/v1/vm-instances/${vmUuid}/actions`, { stopVmInstance: { type: 'cold' } }, {}, 60_000);
    expect(stopped.body.inventory).toMatchObject({ state: 'Stopped', hostUuid: null, lastHostUuid: hostUuid });
    expect(virsh('domstate', vmUuid).trim()).toBe('shut off');
    expect(await hostCapacity()).toEqual(before);
    const started = await api.run('PUT', `/v1/vm-instances/${vmUuid}/actions`, { startVmInstance: {} }, {}, 60_000);
    expect(started.body.inventory).toMatchObject({ state: 'Running', hostUuid });
    expect(virsh('domstate', vmUuid).trim()).toBe('running');
    expect(await hostCapacity()).toEqual({ cpu: before.cpu - 1, memory: before.memory - MEMORY });
    // The guest has no OS to answer ACPI: the reboot destroys it after ZSTACK_VM_STOP_TIMEOUT and starts it.
    const rebooted = await api.run('PUT', `/v1/vm-instances/${vmUuid}/actions`, { rebootVmInstance: {} }, {}, 60_000);
    expect(rebooted.body.inventory.state).toBe('Running');
    expect(virsh('domstate', vmUuid).trim()).toBe('running');
  });

  it('a reconnect of its host keeps the capacity the VM holds', async () => {
    const reconnected = await api.run('PUT', `/v1/hosts/${hostUuid}/actions`, { reconnectHost: {} }, {}, 90_000);
    expect(reconnected.status).toBe(200);
    expect((await api.call('GET', `/v1/hosts?q=uuid=${hostUuid}`)).body.inventories[0].status).toBe('Connected');
    expect(await hostCapacity()).toEqual({ cpu: before.cpu - 1, memory: before.memory - MEMORY });
  });

  it('is destroyed (its domain gone, its host capacity back) and expunged (its volume deleted, the storage capacity back)', async () => {
    expect((await api.run('DELETE', `/v1/vm-instances/${vmUuid}`, undefined, {}, 60_000)).status).toBe(200);
    expect(domains(true)).not.toContain(vmUuid);
    expect((await api.call('GET', `/v1/vm-instances?q=uuid=${vmUuid}`)).body.inventories[0].state).toBe('Destroyed');
    expect(await hostCapacity()).toEqual(before);
    expect(existsSync(volumePath)).toBe(true);
    expect((await api.run('PUT', `/v1/vm-instances/${vmUuid}/actions`, { expungeVmInstance: {} }, {}, 60_000)).status).toBe(200);
    expect(existsSync(volumePath)).toBe(false);
    expect(await psReserved()).toBe(psBefore);
    expect((await api.call('GET', `/v1/volumes?q=vmInstanceUuid=${vmUuid}`)).body.inventories).toEqual([]);
    expect(await vmCount()).toBe(0);
  });
});

describe('a VM that cannot be made', () => {
  it('is refused when no host has the CPUs, leaving no row and no reserved capacity', async () => {
    const before = [await hostCapacity(), await psReserved()];
    const refused = await api.run('POST', '/v1/vm-instances', { params: { name: 'too-big', cpuNum: 1024, memorySize: MEMORY, imageUuid } }, {}, 60_000);
    expect(refused.status).toBe(503);
    expect(refused.body.error.details).toMatch(/no host in any zone has 1024 CPUs/);
    expect(await vmCount()).toBe(0);
    expect([await hostCapacity(), await psReserved()]).toEqual(before);
  });

  it('fails when the root volume cannot be written on the host, and undoes everything', async () => {
    const before = [await hostCapacity(), await psReserved()];
    const domainsBefore = domains(true);
    // The host's user cannot write under the storage folder any more.
    const folders = [`${psDir}/rootVolumes`, ...readdirSync(`${psDir}/rootVolumes`).map((d) => `${psDir}/rootVolumes/${d}`)];
    for (const f of folders) chmodSync(f, 0o555);
    try {
      const failed = await api.run('POST', '/v1/vm-instances', { params: { name: 'no-disk', cpuNum: 1, memorySize: MEMORY, imageUuid } }, {}, 120_000);
      expect(failed.status).toBe(503);
      expect(failed.body.error.details).toMatch(/EACCES|permission denied/i);
    } finally {
      for (const f of folders) chmodSync(f, 0o755);
    }
    expect(await vmCount()).toBe(0);
    expect((await api.call('GET', '/v1/volumes?count=true')).body.total).toBe(0);
    expect([await hostCapacity(), await psReserved()]).toEqual(before);
    expect(domains(true)).toEqual(domainsBefore);
  });

  it('refuses L3 networks (none in this release) and a missing image, clearly', async () => {
    const l3 = await api.run('POST', '/v1/vm-instances', { params: { name: 'nic', cpuNum: 1, memorySize: MEMORY, imageUuid, l3NetworkUuids: ['a'.repeat(32)] } });
    expect(l3.body.error.details).toMatch(/no L3 networks/);
    const noImage = await api.run('POST', '/v1/vm-instances', { params: { name: 'x', cpuNum: 1, memorySize: MEMORY, imageUuid: 'b'.repeat(32) } });
    expect(noImage.body.error.details).toMatch(/image b{32} does not exist/);
    expect(await vmCount()).toBe(0);
  });
});

// The GPU server and the USB devices are recorded (this machine has no GPU, no IOMMU and no USB
// devices; apps/agent/src/drivers/{pci,usb}/fixtures say where the trees come from): the host
// reports them through the agent's own parsers, as if it were that server. Giving a device to a
// stopped VM changes its libvirt definition, which `virsh dumpxml --inactive` shows; giving one
// to a running VM needs vfio and the real device, which this machine lacks: that is refused by
// libvirt and must leave the device free.
const PCI_FIXTURES = resolve(import.meta.dirname, '../apps/agent/src/drivers/pci/fixtures');
const USB_FIXTURES = resolve(import.meta.dirname, '../apps/agent/src/drivers/usb/fixtures');
const USB_SOURCE = 'from-usbutils-pr-103-and-smartmontools-issue-538';
const gpuServer = () =>
  mergePciDevices(
    parsePciSysfs(JSON.parse(readFileSync(join(PCI_FIXTURES, 'sysfs-pci-devices-dgx-a100-from-nccl-issue-1505.json'), 'utf8')) as SysfsSnapshot),
    parseLspciMachine(readFileSync(join(PCI_FIXTURES, 'lspci-3.9.0-Dmmnnv-dgx-a100-from-nccl-issue-1505.txt'), 'utf8')),
  );
const usbDevices = () =>
  parseUsbSysfs(JSON.parse(readFileSync(join(USB_FIXTURES, `sysfs-usb-devices-${USB_SOURCE}.json`), 'utf8')) as SysfsSnapshot, parseLsusb(readFileSync(join(USB_FIXTURES, `lsusb-${USB_SOURCE}.txt`), 'utf8')));

describe('PCI and USB devices given to VMs', () => {
  const db = () => node.app.get<symbol, DataSource>(DATA_SOURCE);
  const inactiveXml = (vm: string) => virsh('dumpxml', '--inactive', vm);
  const createVm = async (name: string, strategy = 'CreateStopped') =>
    (await api.run('POST', '/v1/vm-instances', { params: { name, cpuNum: 1, memorySize: MEMORY, imageUuid, hostUuid, strategy } }, {}, 120_000)).body.inventory.uuid as string;
  const pciCandidates = async (vm: string) => (await api.call('GET', `/v1/vm-instances/${vm}/candidate-pci-devices`)).body.inventories.map((d: { pciDeviceAddress: string }) => d.pciDeviceAddress) as string[];
  const attachPci = (device: string, vm: string) => api.run('POST', `/v1/pci-device/pci-devices/${device}/attach`, { params: { vmInstanceUuid: vm } }, {}, 60_000);
  const detachPci = (device: string, vm: string) => api.run('POST', `/v1/pci-device/pci-devices/${device}/detach`, { params: { vmInstanceUuid: vm } }, {}, 60_000);
  let vm1: string;
  let vm2: string;
  let gpu: { uuid: string; pciDeviceAddress: string; iommuGroup: number | null };
  let sibling: { uuid: string; pciDeviceAddress: string };
  let otherHostGpu: string;

  beforeAll(async () => {
    const rows = await db().transaction((tx) => syncPciDevices(tx, hostUuid, gpuServer(), new Date()));
    gpu = rows.find((r) => r.pciDeviceAddress === '0000:07:00.0')!;
    // The recorded server has one device per IOMMU group; on many servers a GPU shares its group
    // with the PCIe switch port above it. Another recorded device is put in the GPU's group, as
    // its agent would report it there, to see the group go to one VM whole.
    sibling = rows.find((r) => r.uuid !== gpu.uuid && r.vendorId !== '10de')!;
    await db().query(`UPDATE "pci_device" SET "iommuGroup" = $2 WHERE "uuid" = $1`, [sibling.uuid, gpu.iommuGroup]);
    await db().transaction((tx) => syncUsbDevices(tx, hostUuid, usbDevices(), new Date()));
    vm1 = await createVm('gpu-vm-1');
    vm2 = await createVm('gpu-vm-2');
    // A second KVM host, reporting the same recorded server: its devices are not vm1's to have.
    const other = await zoneWithHosts(api, 'vms-b', ['vm-host-b'], hosts, { groups: ['libvirt'] });
    otherHostGpu = (await db().transaction((tx) => syncPciDevices(tx, other.hostUuids[0], gpuServer(), new Date()))).find((r) => r.pciDeviceAddress === '0000:07:00.0')!.uuid;
  }, 240_000);

  it('a device of another host is refused, clearly', async () => {
    const refused = await attachPci(otherHostGpu, vm1);
    expect(refused.status).toBe(503);
    expect(refused.body.error.details).toMatch(/a device can be given only to a VM on its own host/);
    const hostsOffered = (await api.call('GET', `/v1/vm-instances/${vm1}/candidate-pci-devices`)).body.inventories.map((d: { hostUuid: string }) => d.hostUuid);
    expect(new Set(hostsOffered)).toEqual(new Set([hostUuid]));
    expect((await api.call('GET', `/v1/pci-device/pci-devices?q=uuid=${otherHostGpu}`)).body.inventories[0].vmInstanceUuid).toBeNull();
  });

  it('a free GPU is a candidate for both VMs; attached to one, it is in that VM\'s definition and no other VM\'s candidate, nor is its IOMMU group', async () => {
    expect(await pciCandidates(vm1)).toContain(gpu.pciDeviceAddress);
    expect(await pciCandidates(vm2)).toContain(sibling.pciDeviceAddress);
    const newVm = (await api.call('GET', `/v1/pci-device/candidate-pci-devices-for-new-create-vm?hostUuid=${hostUuid}&types=GPU_3D_Controller`)).body.inventories;
    expect(newVm.map((d: { pciDeviceAddress: string }) => d.pciDeviceAddress)).toContain(gpu.pciDeviceAddress);
    expect(newVm.every((d: { type: string }) => d.type === 'GPU_3D_Controller')).toBe(true);

    const attached = await attachPci(gpu.uuid, vm1);
    expect(attached.body.inventory).toMatchObject({ uuid: gpu.uuid, vmInstanceUuid: vm1 });
    const [, bus, slot, fn] = /^[0-9a-f]{4}:([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/.exec(gpu.pciDeviceAddress)!;
    expect(inactiveXml(vm1)).toContain(`<address domain='0x0000' bus='0x${bus}' slot='0x${slot}' function='0x${fn}'/>`);
    expect(await pciCandidates(vm2)).not.toContain(gpu.pciDeviceAddress);
    expect(await pciCandidates(vm2)).not.toContain(sibling.pciDeviceAddress);
    expect(await pciCandidates(vm1)).toContain(sibling.pciDeviceAddress);
    const again = await attachPci(gpu.uuid, vm2);
    expect(again.status).toBe(503);
    expect(again.body.error.details).toMatch(/attached to VM/);
    const group = await attachPci(sibling.uuid, vm2);
    expect(group.status).toBe(503);
    expect(group.body.error.details).toMatch(new RegExp(`IOMMU group ${gpu.iommuGroup}`));
    expect((await api.call('GET', `/v1/pci-device/pci-devices?q=uuid=${sibling.uuid}`)).body.inventories[0].vmInstanceUuid).toBeNull();
  });

  it('detached, the GPU leaves the VM\'s definition and is a candidate again', async () => {
    const detached = await detachPci(gpu.uuid, vm1);
    expect(detached.body.inventory.vmInstanceUuid).toBeNull();
    expect(inactiveXml(vm1)).not.toContain('<hostdev');
    expect(await pciCandidates(vm2)).toContain(gpu.pciDeviceAddress);
  });

  it('a running VM gets no device libvirt cannot hand over (no vfio, no such device here): refused, the device stays free', async () => {
    expect((await api.run('PUT', `/v1/vm-instances/${vm2}/actions`, { startVmInstance: {} }, {}, 60_000)).body.inventory.state).toBe('Running');
    const refused = await attachPci(gpu.uuid, vm2);
    expect(refused.status).toBe(503);
    expect(refused.body.error.details).toMatch(/\/vm\/hostdev\/attach/);
    expect((await api.call('GET', `/v1/pci-device/pci-devices?q=uuid=${gpu.uuid}`)).body.inventories[0].vmInstanceUuid).toBeNull();
    expect(virsh('dumpxml', vm2)).not.toContain('<hostdev');
    expect((await api.run('PUT', `/v1/vm-instances/${vm2}/actions`, { stopVmInstance: { type: 'cold' } }, {}, 60_000)).body.inventory.state).toBe('Stopped');
  });

  it('a USB device goes into the VM\'s definition by bus and device, leaves the candidates of others, and comes back', async () => {
    const candidates = async (vm: string) => (await api.call('GET', `/v1/vm-instances/${vm}/candidate-usb-devices`)).body.inventories as { uuid: string; busNum: string; devNum: string }[];
    const [dongle] = await candidates(vm1);
    expect(dongle).toBeDefined();
    const attached = await api.run('POST', `/v1/usb-device/usb-devices/${dongle.uuid}/attach`, { params: { vmInstanceUuid: vm1 } }, {}, 60_000);
    expect(attached.body.inventory.vmInstanceUuid).toBe(vm1);
    expect(inactiveXml(vm1)).toMatch(new RegExp(`<hostdev mode='subsystem' type='usb'[^>]*>\\s*<source>\\s*<address bus='${Number(dongle.busNum)}' device='${Number(dongle.devNum)}'/>`));
    expect((await candidates(vm2)).map((d) => d.uuid)).not.toContain(dongle.uuid);
    const detached = await api.run('POST', `/v1/usb-device/usb-devices/${dongle.uuid}/detach`, { params: {} }, {}, 60_000);
    expect(detached.body.inventory.vmInstanceUuid).toBeNull();
    expect(inactiveXml(vm1)).not.toContain("type='usb'>");
    expect((await candidates(vm2)).map((d) => d.uuid)).toContain(dongle.uuid);
  });

  it('USB redirect switches the SPICE usbredir channels of the definition', async () => {
    const redirect = async () => (await api.call('GET', `/v1/vm-instances/${vm1}/usbredirect`)).body.enable;
    expect(await redirect()).toBe(false);
    expect(inactiveXml(vm1)).not.toContain('<redirdev');
    expect((await api.run('PUT', `/v1/vm-instances/${vm1}/actions`, { setVmUsbRedirect: { enable: true } }, {}, 60_000)).status).toBe(200);
    expect(await redirect()).toBe(true);
    expect(inactiveXml(vm1).match(/<redirdev bus='usb' type='spicevmc'>/g)).toHaveLength(4);
    expect((await api.run('PUT', `/v1/vm-instances/${vm1}/actions`, { setVmUsbRedirect: { enable: false } }, {}, 60_000)).status).toBe(200);
    expect(await redirect()).toBe(false);
    expect(inactiveXml(vm1)).not.toContain('<redirdev');
  });

  it('a destroyed VM frees its devices', async () => {
    expect((await attachPci(gpu.uuid, vm1)).status).toBe(200);
    expect((await api.run('DELETE', `/v1/vm-instances/${vm1}`, undefined, {}, 60_000)).status).toBe(200);
    expect((await api.call('GET', `/v1/pci-device/pci-devices?q=uuid=${gpu.uuid}`)).body.inventories[0].vmInstanceUuid).toBeNull();
    expect(await pciCandidates(vm2)).toContain(gpu.pciDeviceAddress);
    for (const vm of [vm1, vm2]) {
      if (vm === vm2) await api.run('DELETE', `/v1/vm-instances/${vm}`, undefined, {}, 60_000);
      expect((await api.run('PUT', `/v1/vm-instances/${vm}/actions`, { expungeVmInstance: {} }, {}, 60_000)).status).toBe(200);
    }
  });
});
