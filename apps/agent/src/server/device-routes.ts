// The host's PCI and USB devices and its IOMMU: discovery on demand, and the kernel-argument
// switch behind UpdateHostIommuState.
import {
  DeviceAgentPath,
  type IommuStateReply,
  type PciDevicesReply,
  type UpdateIommuCommand,
  type UpdateIommuReply,
  type UsbDevicesReply,
} from '#agent-protocol';
import type { PciDriver } from '../drivers/pci/pci-driver.js';
import type { UsbDriver } from '../drivers/usb/usb-driver.js';
import { badRequest as invalid } from '../agent-errors.js';
import type { RouteHandler } from './agent-routes.js';

const ok = { success: true, error: null } as const;

export function updateIommuCommandOf(body: Record<string, unknown>): UpdateIommuCommand {
  if (typeof body.enabled !== 'boolean') throw invalid('enabled must be true or false');
  return { enabled: body.enabled };
}

export function deviceRoutes(drivers: { pci?: PciDriver; usb?: UsbDriver }): [string, RouteHandler][] {
  const { pci, usb } = drivers;
  if (!pci || !usb) return [];
  return [
    [DeviceAgentPath.pciDevices, async (): Promise<PciDevicesReply> => ({ ...ok, devices: await pci.devices() })],
    [DeviceAgentPath.iommuState, async (): Promise<IommuStateReply> => ({ ...ok, iommu: await pci.iommu() })],
    [DeviceAgentPath.updateIommu, async (body): Promise<UpdateIommuReply> => ({ ...ok, ...(await pci.updateIommu(updateIommuCommandOf(body).enabled)) })],
    [DeviceAgentPath.usbDevices, async (): Promise<UsbDevicesReply> => ({ ...ok, devices: await usb.devices() })],
  ];
}
