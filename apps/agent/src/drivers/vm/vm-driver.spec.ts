// VMs through real libvirt. qemu:///system runs a real KVM guest (64 MiB, a qcow2 root disk
// made by qemu-img, SPICE with a usbredir channel) when this machine has /dev/kvm, and plain
// QEMU emulation otherwise. PCI passthrough needs vfio, which these machines lack: hostdevs
// are checked in the definitions libvirt keeps (attached to a stopped guest's persistent
// definition on qemu:///system, defined with the domain on the test driver), and a live
// attach to the running guest must fail cleanly. Every domain made here is removed after.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VmSpec } from '#agent-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLibvirtd, hasKvm, QEMU_SYSTEM_URI } from '../../../../../test/support/libvirtd.js';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner } from '../../command-runner.js';
import { domainXml } from './domain-xml.js';
import { ABSENT, VirshVmDriver } from './vm-driver.js';

const runner = new SpawnCommandRunner(new AgentLog(null));
const made: { uri: string; uuid: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'vm-driver-spec-'));
const GPU = { type: 'pci', address: '0000:07:00.0' } as const;
const DONGLE = { type: 'usb', vendorId: '0529', productId: '0001' } as const;

function newVm(uri: string, overrides: Partial<VmSpec> = {}): VmSpec {
  const vmUuid = randomUUID().replace(/-/g, '');
  made.push({ uri, uuid: vmUuid });
  const disk = join(dir, `${vmUuid}.qcow2`);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
  return { vmUuid, cpuNum: 1, memoryBytes: 64 * 1024 ** 2, rootDisk: { path: disk, format: 'qcow2' }, graphics: { usbRedirectChannels: 1 }, ...overrides };
}

const virshList = (): string => execFileSync('virsh', ['-c', QEMU_SYSTEM_URI, 'list'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

beforeAll(ensureLibvirtd, 180_000);

afterAll(() => {
  for (const { uri, uuid } of made) {
    for (const verb of ['destroy', 'undefine']) {
      try {
        execFileSync('virsh', ['-c', uri, verb, uuid], { stdio: 'ignore' });
      } catch {
        // not running / already gone
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe(`a guest on ${QEMU_SYSTEM_URI}`, () => {
  const driver = new VirshVmDriver(runner, QEMU_SYSTEM_URI, hasKvm() ? 'kvm' : 'qemu', 100);

  it('is defined, runs (virsh list says so), stops, reboots and is undefined', async () => {
    const spec = newVm(QEMU_SYSTEM_URI);
    expect(await driver.define(spec)).toEqual({ vmUuid: spec.vmUuid, state: 'shut off' });
    expect(await driver.start(spec.vmUuid)).toEqual({ vmUuid: spec.vmUuid, state: 'running' });
    expect(virshList()).toMatch(new RegExp(`${spec.vmUuid}\\s+running`));
    const xml = await driver.xml(spec.vmUuid);
    expect(xml).toContain(`<domain type='${hasKvm() ? 'kvm' : 'qemu'}'>`);
    expect(xml).toContain(`<source file='${spec.rootDisk.path}'/>`);
    expect(xml).toContain("<redirdev bus='usb' type='spicevmc'>");

    // the guest has no OS to answer ACPI: the deadline passes and the agent destroys it
    expect(await driver.stop(spec.vmUuid, 1_000)).toEqual({ vm: { vmUuid: spec.vmUuid, state: 'shut off' }, forced: true });
    expect(virshList()).not.toContain(spec.vmUuid);
    expect(await driver.reboot(spec.vmUuid, 1_000)).toEqual({ vmUuid: spec.vmUuid, state: 'running' });

    expect(await driver.undefine(spec.vmUuid)).toEqual({ vmUuid: spec.vmUuid, state: ABSENT });
    expect(virshList()).not.toContain(spec.vmUuid);
    // again: already gone is done
    expect(await driver.undefine(spec.vmUuid)).toEqual({ vmUuid: spec.vmUuid, state: ABSENT });
  });

  it("attaches and detaches hostdevs in a stopped guest's definition", async () => {
    const spec = newVm(QEMU_SYSTEM_URI, { graphics: null });
    await driver.define(spec);
    await driver.attachHostdev(spec.vmUuid, GPU);
    await driver.attachHostdev(spec.vmUuid, DONGLE);
    let xml = await driver.xml(spec.vmUuid);
    expect(xml).toMatch(/<hostdev mode='subsystem' type='pci' managed='yes'>\s*<source>\s*<address domain='0x0000' bus='0x07' slot='0x00' function='0x0'\/>/);
    expect(xml).toMatch(/<vendor id='0x0529'\/>\s*<product id='0x0001'\/>/);

    await driver.detachHostdev(spec.vmUuid, GPU);
    xml = await driver.xml(spec.vmUuid);
    expect(xml).not.toContain("bus='0x07'");
    expect(xml).toContain("<vendor id='0x0529'/>");
    await driver.undefine(spec.vmUuid);
  });

  it('replaces the definition when defined again: how USB redirect channels change', async () => {
    const spec = newVm(QEMU_SYSTEM_URI, { graphics: { usbRedirectChannels: 1 } });
    await driver.define(spec);
    expect((await driver.xml(spec.vmUuid)).match(/<redirdev bus='usb' type='spicevmc'>/g)).toHaveLength(1);
    await driver.define({ ...spec, graphics: { usbRedirectChannels: 3 } });
    expect((await driver.xml(spec.vmUuid)).match(/<redirdev bus='usb' type='spicevmc'>/g)).toHaveLength(3);
    await driver.define({ ...spec, graphics: null });
    const xml = await driver.xml(spec.vmUuid);
    expect(xml).not.toContain('<redirdev');
    expect(xml).not.toContain("<graphics type='spice'");
    await driver.undefine(spec.vmUuid);
  });

  it('refuses a live PCI attach without vfio, leaving the definition as it was', async () => {
    const spec = newVm(QEMU_SYSTEM_URI, { graphics: null });
    await driver.define(spec);
    await driver.start(spec.vmUuid);
    const before = await driver.xml(spec.vmUuid);
    await expect(driver.attachHostdev(spec.vmUuid, GPU)).rejects.toMatchObject({ error: { code: 'HOST.1000', details: expect.stringContaining('attach-device') } });
    expect(await driver.xml(spec.vmUuid)).toBe(before);
    expect((await driver.state(spec.vmUuid)).state).toBe('running');
    await driver.undefine(spec.vmUuid);
  });

  it('says a domain libvirt does not know is absent, and refuses to attach to it', async () => {
    const uuid = randomUUID().replace(/-/g, '');
    expect(await driver.state(uuid)).toEqual({ vmUuid: uuid, state: ABSENT });
    await expect(driver.attachHostdev(uuid, DONGLE)).rejects.toThrow(`libvirt knows no domain ${uuid}`);
  });
});

describe("libvirt's test driver", () => {
  // test:///default keeps domains only for one connection, so separate virsh runs (what the
  // driver does) never see each other's; and its attach-device is "not supported" in
  // libvirt 9. So the generated definition, hostdevs and all, goes through one virsh session.
  it('takes the definition with its hostdevs, starts it and gives them back', () => {
    const spec = newVm('test:///default', { hostdevs: [GPU, DONGLE] });
    const file = join(dir, `${spec.vmUuid}.xml`);
    writeFileSync(file, domainXml(spec, 'test'));
    const out = execFileSync('virsh', ['-c', 'test:///default', `define ${file}; start ${spec.vmUuid}; domstate ${spec.vmUuid}; dumpxml ${spec.vmUuid}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    expect(out).toMatch(/started\s+running/);
    expect(out).toMatch(/<hostdev mode='subsystem' type='pci' managed='yes'>\s*<source>\s*<address domain='0x0000' bus='0x07' slot='0x00' function='0x0'\/>/);
    expect(out).toMatch(/<hostdev mode='subsystem' type='usb' managed='yes'>\s*<source>\s*<vendor id='0x0529'\/>/);
  });
});
