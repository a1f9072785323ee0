// A VM's libvirt domain definition, built from its typed spec. Pure: the driver writes the
// text to a file and hands it to `virsh define`. Every value from the spec is escaped.
import type { VmHostdev, VmSpec } from '#agent-protocol';

/** `kvm` where the host has /dev/kvm, `qemu` (plain emulation) where not, `test` for
 *  libvirt's test driver. */
export type DomainType = 'kvm' | 'qemu' | 'test';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** `0000:07:00.1` → libvirt's `<address domain='0x0000' bus='0x07' slot='0x00' function='0x1'/>`. */
export function pciAddressXml(address: string): string {
  const match = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(address);
  if (!match) throw new Error(`not a PCI address (dddd:bb:ss.f): ${address}`);
  const [, domain, bus, slot, fn] = match;
  return `<address domain='0x${domain}' bus='0x${bus}' slot='0x${slot}' function='0x${fn}'/>`;
}

/** One `<hostdev>`: what attach-device takes and what the domain carries. `managed='yes'`
 *  lets libvirt bind a PCI function to vfio-pci on start and give it back on stop. */
export function hostdevXml(hostdev: VmHostdev): string {
  if (hostdev.type === 'pci') {
    return `<hostdev mode='subsystem' type='pci' managed='yes'><source>${pciAddressXml(hostdev.address)}</source></hostdev>`;
  }
  const source =
    'vendorId' in hostdev
      ? `<vendor id='0x${escapeXml(hostdev.vendorId)}'/><product id='0x${escapeXml(hostdev.productId)}'/>`
      : `<address bus='${hostdev.busNumber}' device='${hostdev.deviceNumber}'/>`;
  return `<hostdev mode='subsystem' type='usb' managed='yes'><source>${source}</source></hostdev>`;
}

function diskXml(disk: VmSpec['rootDisk']): string {
  return [
    `<disk type='file' device='disk'>`,
    `<driver name='qemu' type='${disk.format}'/>`,
    `<source file='${escapeXml(disk.path)}'/>`,
    `<target dev='vda' bus='virtio'/>`,
    `</disk>`,
  ].join('');
}

function nicXml(nic: NonNullable<VmSpec['nic']>): string {
  return `<interface type='bridge'><mac address='${escapeXml(nic.mac)}'/><source bridge='${escapeXml(nic.bridge)}'/><model type='${nic.model ?? 'virtio'}'/></interface>`;
}

/** SPICE, and for USB redirect an xHCI controller with one spicevmc redirdev per channel (a
 *  SPICE client can then hand that many of its USB devices to the guest). */
function graphicsXml(graphics: NonNullable<VmSpec['graphics']>): string[] {
  const redirect = Array.from({ length: graphics.usbRedirectChannels }, () => `<redirdev bus='usb' type='spicevmc'/>`);
  return [
    `<graphics type='spice' autoport='yes' listen='0.0.0.0'><listen type='address' address='0.0.0.0'/></graphics>`,
    `<video><model type='qxl'/></video>`,
    ...(redirect.length ? [`<controller type='usb' model='qemu-xhci'/>`, ...redirect] : []),
  ];
}

/** The whole domain. Name and uuid are the VM's uuid; the serial console is always there
 *  (operators' last resort when the network is down). */
export function domainXml(spec: VmSpec, domainType: DomainType): string {
  const memoryKiB = Math.floor(spec.memoryBytes / 1024);
  const devices = [
    diskXml(spec.rootDisk),
    ...(spec.nic ? [nicXml(spec.nic)] : []),
    `<serial type='pty'><target port='0'/></serial>`,
    `<console type='pty'><target type='serial' port='0'/></console>`,
    ...(spec.graphics ? graphicsXml(spec.graphics) : []),
    ...(spec.hostdevs ?? []).map(hostdevXml),
  ];
  return [
    `<domain type='${domainType}'>`,
    `  <name>${escapeXml(spec.vmUuid)}</name>`,
    `  <uuid>${escapeXml(spec.vmUuid)}</uuid>`,
    ...(spec.description ? [`  <description>${escapeXml(spec.description)}</description>`] : []),
    `  <memory unit='KiB'>${memoryKiB}</memory>`,
    `  <currentMemory unit='KiB'>${memoryKiB}</currentMemory>`,
    `  <vcpu placement='static'>${spec.cpuNum}</vcpu>`,
    `  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>`,
    `  <features><acpi/><apic/></features>`,
    `  <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>`,
    `  <devices>`,
    ...devices.map((d) => `    ${d}`),
    `  </devices>`,
    `</domain>`,
    '',
  ].join('\n');
}
