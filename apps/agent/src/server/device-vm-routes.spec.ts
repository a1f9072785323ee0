// The device and VM paths over real HTTP, against an agent server in this process with the
// real drivers: this machine's sysfs and lspci, its (absent) USB bus, libvirtd on
// qemu:///system, and a temporary copy of /etc/default/grub (this machine boots without GRUB).
import { bearer, DeviceAgentPath, VmAgentPath, type AgentReply } from '#agent-protocol';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLibvirtd, QEMU_SYSTEM_URI } from '../../../../test/support/libvirtd.js';
import { ensurePackages } from '../../../../test/support/test-hosts.js';
import { AgentLog } from '../agent-log.js';
import { SpawnCommandRunner } from '../command-runner.js';
import { LINUX_PCI_PATHS, LinuxPciDriver } from '../drivers/pci/pci-driver.js';
import { LinuxUsbDriver } from '../drivers/usb/usb-driver.js';
import { VirshVmDriver } from '../drivers/vm/vm-driver.js';
import { createAgentServer, listen } from './agent-server.js';
import { deviceRoutes } from './device-routes.js';
import { vmRoutes } from './vm-routes.js';

const SECRET = 'device-routes-spec-secret';
const dir = mkdtempSync(join(tmpdir(), 'device-routes-spec-'));
const grub = join(dir, 'grub');
const vmUuid = randomUUID().replace(/-/g, '');
let agent: Server;
let url: string;

type Reply = AgentReply & Record<string, any>; // replies of several shapes, read field by field
async function post(path: string, body: unknown = {}): Promise<{ status: number; reply: Reply }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: bearer(SECRET) }, body: JSON.stringify(body) });
  return { status: response.status, reply: (await response.json()) as Reply };
}
const virsh = (...args: string[]): string => execFileSync('virsh', ['-c', QEMU_SYSTEM_URI, ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  ensurePackages({ pciutils: '/usr/bin/lspci' });
  await ensureLibvirtd();
  writeFileSync(grub, 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX="console=ttyS0"\n');
  const log = new AgentLog(null);
  const runner = new SpawnCommandRunner(log);
  const drivers = {
    pci: new LinuxPciDriver(runner, { ...LINUX_PCI_PATHS, grubDefaults: grub, grubConfigCommand: null }),
    usb: new LinuxUsbDriver(runner),
    vm: new VirshVmDriver(runner, QEMU_SYSTEM_URI),
  };
  agent = createAgentServer({ secret: SECRET, log, routes: new Map([...deviceRoutes(drivers), ...vmRoutes(drivers)]) });
  await listen(agent, '127.0.0.1', 0);
  url = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  for (const verb of ['destroy', 'undefine']) {
    try {
      virsh(verb, vmUuid);
    } catch {
      // not running / never defined
    }
  }
  await new Promise((resolve) => agent.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('device paths', () => {
  it("lists this host's PCI functions with the addresses lspci shows", async () => {
    const { status, reply } = await post(DeviceAgentPath.pciDevices);
    expect(status).toBe(200);
    const lspci = execFileSync('lspci', ['-Dmmn'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(' ')[0]);
    expect(reply.devices.map((d: { address: string }) => d.address)).toEqual(lspci);
  });

  it('answers the IOMMU state, and no USB devices on a host without a USB bus', async () => {
    expect((await post(DeviceAgentPath.iommuState)).reply.iommu).toMatchObject({ active: false, groupCount: 0 });
    expect((await post(DeviceAgentPath.usbDevices)).reply).toEqual({ success: true, error: null, devices: [] });
  });

  it('turns IOMMU on in the grub file and says a reboot is needed; a bad body changes nothing', async () => {
    const bad = await post(DeviceAgentPath.updateIommu, { enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.reply.error).toMatchObject({ code: 'SYS.1007', details: 'enabled must be true or false' });
    expect(readFileSync(grub, 'utf8')).toBe('GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX="console=ttyS0"\n');

    const { reply } = await post(DeviceAgentPath.updateIommu, { enabled: true });
    expect(reply).toMatchObject({ success: true, changed: true, rebootRequired: true });
    expect(reply.kernelCommandLine).toMatch(/^console=ttyS0 (intel|amd)_iommu=on iommu=pt$/);
    expect(readFileSync(grub, 'utf8')).toContain(`GRUB_CMDLINE_LINUX="${reply.kernelCommandLine}"`);
  });
});

describe('VM paths', () => {
  const spec = { vmUuid, cpuNum: 1, memoryBytes: 64 * 1024 ** 2, rootDisk: { path: join(dir, 'root.qcow2'), format: 'qcow2' } };

  it('refuses a bad spec naming the field, and defines nothing', async () => {
    for (const [body, details] of [
      [{ ...spec, vmUuid: 'not-a-uuid' }, 'vmUuid must be 32 lower-case hex digits (a ZStack uuid)'],
      [{ ...spec, memoryBytes: 1024 }, `memoryBytes must be an integer from ${16 * 1024 ** 2} to ${Number.MAX_SAFE_INTEGER}`],
      [{ ...spec, rootDisk: { path: 'relative.qcow2', format: 'qcow2' } }, 'rootDisk.path must be an absolute file path'],
      [{ ...spec, hostdevs: [{ type: 'pci', address: "0000:07:00.0'/><evil" }] }, 'hostdevs[0].address must be a PCI address like 0000:07:00.0'],
      [{ ...spec, nic: { bridge: 'br0', mac: 'zz' } }, 'nic.mac must be a lower-case MAC address'],
    ] as const) {
      const { status, reply } = await post(VmAgentPath.define, body);
      expect(status).toBe(400);
      expect(reply.error).toMatchObject({ code: 'SYS.1007', details });
    }
    expect(virsh('list', '--all', '--name')).not.toContain(vmUuid);
  });

  it('defines a VM, attaches a USB device to its definition, reads it back and undefines it', async () => {
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', spec.rootDisk.path, '16M']);
    expect((await post(VmAgentPath.define, spec)).reply.vm).toEqual({ vmUuid, state: 'shut off' });
    const attach = await post(VmAgentPath.attachHostdev, { vmUuid, hostdev: { type: 'usb', busNumber: 7, deviceNumber: 3 } });
    expect(attach.reply).toMatchObject({ success: true, vm: { state: 'shut off' } });
    const { reply } = await post(VmAgentPath.xml, { vmUuid });
    expect(reply.xml).toMatch(/<hostdev mode='subsystem' type='usb' managed='yes'>\s*<source>\s*<address bus='7' device='3'\/>/);
    expect(virsh('dumpxml', '--inactive', vmUuid)).toBe(reply.xml);
    expect((await post(VmAgentPath.undefine, { vmUuid })).reply.vm).toEqual({ vmUuid, state: 'absent' });
    expect((await post(VmAgentPath.state, { vmUuid })).reply.vm).toEqual({ vmUuid, state: 'absent' });
  });

  it('answers a failed libvirt call as HOST.1000 with virsh\'s message', async () => {
    const { status, reply } = await post(VmAgentPath.start, { vmUuid });
    expect(status).toBe(200);
    expect(reply).toMatchObject({ success: false, error: { code: 'HOST.1000' } });
    expect(reply.error?.details).toContain(`failed to get domain '${vmUuid}'`);
  });
});
