// The domain definition built from a VM spec: the elements an operator checks in
// `virsh dumpxml` (name, memory, vCPUs, disk, NIC, console, SPICE/usbredir, hostdevs).
import type { VmSpec } from '#agent-protocol';
import { describe, expect, it } from 'vitest';
import { domainXml, hostdevXml, pciAddressXml } from './domain-xml.js';

const SPEC: VmSpec = {
  vmUuid: '7d1c3b9e5f2a4c6e8b0d1f3a5c7e9b21',
  description: 'gpu-worker <1> & "friends"',
  cpuNum: 4,
  memoryBytes: 8 * 1024 ** 3,
  rootDisk: { path: '/zstack_ps/rootVolumes/acct-1/vol-1/vol-1.qcow2', format: 'qcow2' },
  nic: { bridge: 'br_eth0', mac: 'fa:16:3e:12:34:56' },
  graphics: { usbRedirectChannels: 2 },
  hostdevs: [
    { type: 'pci', address: '0000:07:00.0' },
    { type: 'usb', vendorId: '0529', productId: '0001' },
    { type: 'usb', busNumber: 7, deviceNumber: 3 },
  ],
};

describe('domain XML', () => {
  const xml = domainXml(SPEC, 'kvm');

  it('names the domain by the VM uuid and sizes it', () => {
    expect(xml).toMatch(/^<domain type='kvm'>/);
    expect(xml).toContain('<name>7d1c3b9e5f2a4c6e8b0d1f3a5c7e9b21</name>');
    expect(xml).toContain('<uuid>7d1c3b9e5f2a4c6e8b0d1f3a5c7e9b21</uuid>');
    expect(xml).toContain("<memory unit='KiB'>8388608</memory>");
    expect(xml).toContain("<vcpu placement='static'>4</vcpu>");
  });

  it('escapes what the operator typed', () => {
    expect(xml).toContain('<description>gpu-worker &lt;1&gt; &amp; &quot;friends&quot;</description>');
  });

  it('boots from the root disk in its format, with a bridge NIC and a serial console', () => {
    expect(xml).toContain("<driver name='qemu' type='qcow2'/><source file='/zstack_ps/rootVolumes/acct-1/vol-1/vol-1.qcow2'/><target dev='vda' bus='virtio'/>");
    expect(xml).toContain("<interface type='bridge'><mac address='fa:16:3e:12:34:56'/><source bridge='br_eth0'/><model type='virtio'/></interface>");
    expect(xml).toContain("<serial type='pty'><target port='0'/></serial>");
    expect(xml).toContain("<console type='pty'><target type='serial' port='0'/></console>");
  });

  it('has SPICE with one usbredir channel per requested channel, on an xHCI controller', () => {
    expect(xml).toContain("<graphics type='spice'");
    expect(xml).toContain("<controller type='usb' model='qemu-xhci'/>");
    expect(xml.match(/<redirdev bus='usb' type='spicevmc'\/>/g)).toHaveLength(2);
  });

  it('passes the PCI function by address and the USB devices by ids or by bus/device', () => {
    expect(xml).toContain("<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x07' slot='0x00' function='0x0'/></source></hostdev>");
    expect(xml).toContain("<hostdev mode='subsystem' type='usb' managed='yes'><source><vendor id='0x0529'/><product id='0x0001'/></source></hostdev>");
    expect(xml).toContain("<source><address bus='7' device='3'/></source>");
  });

  it('leaves out what the spec does not ask for', () => {
    const bare = domainXml({ vmUuid: SPEC.vmUuid, cpuNum: 1, memoryBytes: 64 * 1024 ** 2, rootDisk: { path: '/images/a.raw', format: 'raw' } }, 'qemu');
    expect(bare).toMatch(/^<domain type='qemu'>/);
    expect(bare).toContain("<driver name='qemu' type='raw'/>");
    for (const absent of ['<interface', '<graphics', '<redirdev', '<hostdev', '<description']) expect(bare).not.toContain(absent);
  });

  it('refuses a PCI address that is not one', () => {
    expect(() => pciAddressXml('07:00.0')).toThrow('not a PCI address');
    expect(hostdevXml({ type: 'pci', address: '000a:c4:1f.7' })).toContain("domain='0x000a' bus='0xc4' slot='0x1f' function='0x7'");
  });
});
