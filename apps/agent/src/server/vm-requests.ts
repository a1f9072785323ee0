// Checks the bodies of the VM commands. A bad body answers 400 SYS.1007 naming the field,
// before anything reaches virsh.
import { type CreateRootVolumeCommand, DEFAULT_VM_STOP_TIMEOUT_MS, type DeleteVolumeCommand, type ReceiveVolumeCommand, type ShareVolumeCommand, type UnshareVolumeCommand, type StopVmCommand, type VmCommand, type VmHostdev, type VmHostdevCommand, type VmSpec } from '#agent-protocol';
import { badRequest as invalid } from '../agent-errors.js';

type Body = Record<string, unknown>;

const VM_UUID = /^[0-9a-f]{32}$/;
const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const USB_ID = /^[0-9a-f]{4}$/;
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
/** Linux interface names: at most 15 characters, no slash or space. */
const BRIDGE = /^[A-Za-z0-9_.-]{1,15}$/;
const MIN_MEMORY_BYTES = 16 * 1024 ** 2;
const MAX_STOP_TIMEOUT_MS = 3_600_000;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(`${field} must be an integer from ${min} to ${max}`);
  return value;
}

function matching(value: unknown, field: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(`${field} must be ${what}`);
  return value;
}

export function vmCommandOf(body: Body): VmCommand {
  return { vmUuid: matching(body.vmUuid, 'vmUuid', VM_UUID, '32 lower-case hex digits (a ZStack uuid)') };
}

export function stopVmCommandOf(body: Body): Required<StopVmCommand> {
  const timeoutMs = body.timeoutMs === undefined ? DEFAULT_VM_STOP_TIMEOUT_MS : integerIn(body.timeoutMs, 'timeoutMs', 0, MAX_STOP_TIMEOUT_MS);
  return { ...vmCommandOf(body), timeoutMs };
}

export function hostdevOf(value: unknown, field = 'hostdev'): VmHostdev {
  if (!isObject(value)) throw invalid(`${field} must be an object`);
  if (value.type === 'pci') return { type: 'pci', address: matching(value.address, `${field}.address`, PCI_ADDRESS, 'a PCI address like 0000:07:00.0') };
  if (value.type !== 'usb') throw invalid(`${field}.type must be pci or usb`);
  if (value.vendorId !== undefined || value.productId !== undefined) {
    return { type: 'usb', vendorId: matching(value.vendorId, `${field}.vendorId`, USB_ID, '4 lower-case hex digits'), productId: matching(value.productId, `${field}.productId`, USB_ID, '4 lower-case hex digits') };
  }
  return { type: 'usb', busNumber: integerIn(value.busNumber, `${field}.busNumber`, 1, 255), deviceNumber: integerIn(value.deviceNumber, `${field}.deviceNumber`, 1, 127) };
}

export function vmHostdevCommandOf(body: Body): VmHostdevCommand {
  return { ...vmCommandOf(body), hostdev: hostdevOf(body.hostdev) };
}

function rootDiskOf(value: unknown): VmSpec['rootDisk'] {
  if (!isObject(value)) throw invalid('rootDisk must be an object with path and format');
  if (typeof value.path !== 'string' || !value.path.startsWith('/') || /[\0\n]/.test(value.path)) throw invalid('rootDisk.path must be an absolute file path');
  if (value.format !== 'qcow2' && value.format !== 'raw') throw invalid('rootDisk.format must be qcow2 or raw');
  return { path: value.path, format: value.format };
}

function nicOf(value: unknown): VmSpec['nic'] {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw invalid('nic must be an object or null');
  if (value.model !== undefined && value.model !== 'virtio' && value.model !== 'e1000') throw invalid('nic.model must be virtio or e1000');
  return { bridge: matching(value.bridge, 'nic.bridge', BRIDGE, 'a bridge name'), mac: matching(value.mac, 'nic.mac', MAC, 'a lower-case MAC address'), model: value.model ?? 'virtio' };
}

function graphicsOf(value: unknown): VmSpec['graphics'] {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw invalid('graphics must be an object or null');
  return { usbRedirectChannels: integerIn(value.usbRedirectChannels ?? 0, 'graphics.usbRedirectChannels', 0, 8) };
}

export function vmSpecOf(body: Body): VmSpec {
  const { description, hostdevs = [] } = body;
  if (description !== undefined && (typeof description !== 'string' || description.length > 2048)) throw invalid('description must be a string of at most 2048 characters');
  if (!Array.isArray(hostdevs)) throw invalid('hostdevs must be an array');
  return {
    ...vmCommandOf(body),
    ...(description !== undefined ? { description } : {}),
    cpuNum: integerIn(body.cpuNum, 'cpuNum', 1, 1024),
    memoryBytes: integerIn(body.memoryBytes, 'memoryBytes', MIN_MEMORY_BYTES, Number.MAX_SAFE_INTEGER),
    rootDisk: rootDiskOf(body.rootDisk),
    nic: nicOf(body.nic),
    graphics: graphicsOf(body.graphics),
    hostdevs: hostdevs.map((h, i) => hostdevOf(h, `hostdevs[${i}]`)),
    ...(body.start === true ? { start: true } : {}),
  };
}

const SHA256 = /^[0-9a-f]{64}$/;
const absoluteFile = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\0\n]/.test(value) || value.split('/').includes('..')) throw invalid(`${field} must be an absolute path without ..`);
  return value;
};

export function createRootVolumeOf(body: Body): CreateRootVolumeCommand {
  if (typeof body.imageUrl !== 'string' || !/^https?:\/\//.test(body.imageUrl)) throw invalid('imageUrl must be an http(s) URL');
  if (body.imageFormat !== 'qcow2' && body.imageFormat !== 'raw') throw invalid('imageFormat must be qcow2 or raw');
  return {
    imageUrl: body.imageUrl,
    imageUuid: matching(body.imageUuid, 'imageUuid', VM_UUID, '32 lower-case hex digits (a ZStack uuid)'),
    imageSha256: matching(body.imageSha256, 'imageSha256', SHA256, '64 lower-case hex digits'),
    imageFormat: body.imageFormat,
    cacheDirectory: absoluteFile(body.cacheDirectory, 'cacheDirectory'),
    volumePath: absoluteFile(body.volumePath, 'volumePath'),
  };
}

export function deleteVolumeOf(body: Body): DeleteVolumeCommand {
  return { volumePath: absoluteFile(body.volumePath, 'volumePath') };
}

function diskFormatOf(value: unknown, field: string): 'qcow2' | 'raw' {
  if (value !== 'qcow2' && value !== 'raw') throw invalid(`${field} must be qcow2 or raw`);
  return value;
}

const MAX_SHARE_SECONDS = 24 * 3600;
const SHARE_ID = /^[0-9a-f]{32}$/;
const httpUrl = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !/^https?:\/\//.test(value)) throw invalid(`${field} must be an http(s) URL`);
  return value;
};

export function shareVolumeOf(body: Body): ShareVolumeCommand {
  return { volumePath: absoluteFile(body.volumePath, 'volumePath'), expiresInSeconds: integerIn(body.expiresInSeconds, 'expiresInSeconds', 1, MAX_SHARE_SECONDS) };
}

export function unshareVolumeOf(body: Body): UnshareVolumeCommand {
  if (!Array.isArray(body.shareIds)) throw invalid('shareIds must be an array');
  return { shareIds: body.shareIds.map((id, i) => matching(id, `shareIds[${i}]`, SHARE_ID, '32 lower-case hex digits')) };
}

export function receiveVolumeOf(body: Body): ReceiveVolumeCommand {
  const volume = isObject(body.volume) ? body.volume : {};
  const backing = body.backing;
  if (backing !== null && !isObject(backing)) throw invalid('backing must be an object or null');
  return {
    volume: { url: httpUrl(volume.url, 'volume.url'), sha256: matching(volume.sha256, 'volume.sha256', SHA256, '64 lower-case hex digits') },
    volumePath: absoluteFile(body.volumePath, 'volumePath'),
    backing: backing
      ? {
          url: httpUrl(backing.url, 'backing.url'),
          sha256: matching(backing.sha256, 'backing.sha256', SHA256, '64 lower-case hex digits'),
          path: absoluteFile(backing.path, 'backing.path'),
          format: diskFormatOf(backing.format, 'backing.format'),
        }
      : null,
  };
}
