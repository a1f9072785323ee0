// What each agent path does: one handler a path, reading like the protocol's description.
import {
  AgentPath,
  type AcceptedReply,
  type AgentReply,
  type ExecReply,
  type HostFactsReply,
  type HypervisorInfoReply,
  type PingReply,
} from '#agent-protocol';
import { commandFailure } from '../agent-errors.js';
import type { CommandDriver } from '../drivers/command/command-driver.js';
import type { HostFactsDriver } from '../drivers/host-facts/host-facts-driver.js';
import type { CephDriver } from '../drivers/ceph/ceph-driver.js';
import type { HypervisorDriver } from '../drivers/hypervisor/hypervisor-driver.js';
import type { PciDriver } from '../drivers/pci/pci-driver.js';
import type { UsbDriver } from '../drivers/usb/usb-driver.js';
import type { RootVolumeDriver } from '../drivers/vm/root-volume-driver.js';
import type { VmDriver } from '../drivers/vm/vm-driver.js';
import type { VolumeTransferDriver } from '../drivers/vm/volume-transfer-driver.js';
import { execCommandOf, updateOsCommandOf } from './agent-requests.js';
import { cephRoutes } from './ceph-routes.js';
import { imageStoreRoutes, type ImageStoreRouteContext } from './image-store-routes.js';
import { deviceRoutes } from './device-routes.js';
import type { OsUpdateTask } from './os-update-task.js';
import { storageRoutes, type StorageDrivers } from './storage-routes.js';
import { vmRoutes } from './vm-routes.js';

export interface AgentDrivers extends StorageDrivers {
  hostFacts: HostFactsDriver;
  hypervisor: HypervisorDriver;
  command: CommandDriver;
  /** The device and VM drivers; their paths are served only where they are given. */
  pci?: PciDriver;
  usb?: UsbDriver;
  vm?: VmDriver;
  rootVolume?: RootVolumeDriver;
  volumeTransfer?: VolumeTransferDriver;
}

export interface AgentRouteContext {
  hostUuid: string;
  /** sha256 of the bundle this process runs. */
  agentVersion: string;
  drivers: AgentDrivers;
  osUpdate: OsUpdateTask;
  /** Each storage family's paths are served when its part is given. */
  ceph?: CephDriver;
  imageStore?: ImageStoreRouteContext;
}

export type RouteHandler = (body: Record<string, unknown>) => Promise<AgentReply>;

const ok = { success: true, error: null } as const;

export function agentRoutes(context: AgentRouteContext): Map<string, RouteHandler> {
  const { drivers } = context;
  return new Map<string, RouteHandler>([
    [
      AgentPath.ping,
      async (): Promise<PingReply> => ({ ...ok, hostUuid: context.hostUuid, agentVersion: context.agentVersion, uptime: Math.floor(process.uptime()) }),
    ],
    [AgentPath.hostFacts, async (): Promise<HostFactsReply> => ({ ...ok, facts: await drivers.hostFacts.facts() })],
    [AgentPath.hypervisorInfo, async (): Promise<HypervisorInfoReply> => ({ ...ok, hypervisor: await drivers.hypervisor.info() })],
    [
      AgentPath.exec,
      async (body): Promise<ExecReply> => {
        const command = execCommandOf(body);
        const result = await drivers.command.exec(command.argv, command.timeoutMs);
        // Any exit code is an answer for the caller to judge; a program that could not start
        // or had to be killed is a failure, still with whatever output it left.
        const error = !result.started || result.timedOut ? commandFailure(result).error : null;
        return { success: error === null, error, returnCode: result.returnCode, stdout: result.stdout, stderr: result.stderr };
      },
    ],
    [
      AgentPath.updateOs,
      async (body): Promise<AcceptedReply> => {
        context.osUpdate.start(updateOsCommandOf(body));
        return { ...ok, accepted: true };
      },
    ],
    ...cephRoutes(context.ceph),
    ...imageStoreRoutes(context.imageStore),
    ...storageRoutes(drivers),
    ...deviceRoutes(drivers),
    ...vmRoutes(drivers),
  ]);
}
