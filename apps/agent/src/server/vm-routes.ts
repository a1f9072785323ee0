// VMs on this host through libvirt: one handler a path, each checking its body first.
import { type AgentReply, type RootVolumeReply, type ShareVolumeReply, VmAgentPath, type StopVmReply, type VmStateReply, type VmXmlReply } from '#agent-protocol';
import type { RootVolumeDriver } from '../drivers/vm/root-volume-driver.js';
import type { VmDriver } from '../drivers/vm/vm-driver.js';
import type { VolumeTransferDriver } from '../drivers/vm/volume-transfer-driver.js';
import type { RouteHandler } from './agent-routes.js';
import { createRootVolumeOf, deleteVolumeOf, receiveVolumeOf, shareVolumeOf, unshareVolumeOf, stopVmCommandOf, vmCommandOf, vmHostdevCommandOf, vmSpecOf } from './vm-requests.js';

const ok = { success: true, error: null } as const;

export function vmRoutes(drivers: { vm?: VmDriver; rootVolume?: RootVolumeDriver; volumeTransfer?: VolumeTransferDriver }): [string, RouteHandler][] {
  const { vm, rootVolume, volumeTransfer } = drivers;
  if (!vm) return [];
  const stateReply = async (state: ReturnType<VmDriver['state']>): Promise<VmStateReply> => ({ ...ok, vm: await state });
  const hostdevReply = (body: Record<string, unknown>, change: VmDriver['attachHostdev']): Promise<VmStateReply> => {
    const command = vmHostdevCommandOf(body);
    return stateReply(change.call(vm, command.vmUuid, command.hostdev));
  };
  return [
    [
      VmAgentPath.define,
      async (body) => {
        const spec = vmSpecOf(body);
        const defined = await vm.define(spec);
        return stateReply(spec.start ? vm.start(spec.vmUuid) : Promise.resolve(defined));
      },
    ],
    [VmAgentPath.start, (body) => stateReply(vm.start(vmCommandOf(body).vmUuid))],
    [
      VmAgentPath.stop,
      async (body): Promise<StopVmReply> => {
        const command = stopVmCommandOf(body);
        return { ...ok, ...(await vm.stop(command.vmUuid, command.timeoutMs)) };
      },
    ],
    [
      VmAgentPath.reboot,
      (body) => {
        const command = stopVmCommandOf(body);
        return stateReply(vm.reboot(command.vmUuid, command.timeoutMs));
      },
    ],
    [VmAgentPath.undefine, (body) => stateReply(vm.undefine(vmCommandOf(body).vmUuid))],
    [VmAgentPath.state, (body) => stateReply(vm.state(vmCommandOf(body).vmUuid))],
    [
      VmAgentPath.xml,
      async (body): Promise<VmXmlReply> => {
        const { vmUuid } = vmCommandOf(body);
        return { ...ok, vmUuid, xml: await vm.xml(vmUuid) };
      },
    ],
    [VmAgentPath.attachHostdev, (body) => hostdevReply(body, vm.attachHostdev)],
    [VmAgentPath.detachHostdev, (body) => hostdevReply(body, vm.detachHostdev)],
    ...(rootVolume
      ? ([
          [VmAgentPath.createRootVolume, async (body): Promise<RootVolumeReply> => ({ ...ok, volume: await rootVolume.create(createRootVolumeOf(body)) })],
          [
            VmAgentPath.deleteVolume,
            async (body): Promise<AgentReply> => {
              await rootVolume.delete(deleteVolumeOf(body).volumePath);
              return ok;
            },
          ],
        ] as [string, RouteHandler][])
      : []),
    ...(volumeTransfer
      ? ([
          [VmAgentPath.shareVolume, async (body): Promise<ShareVolumeReply> => ({ ...ok, ...(await volumeTransfer.share(shareVolumeOf(body))) })],
          [
            VmAgentPath.unshareVolume,
            async (body): Promise<AgentReply> => {
              volumeTransfer.unshare(unshareVolumeOf(body).shareIds);
              return ok;
            },
          ],
          [VmAgentPath.receiveVolume, async (body): Promise<RootVolumeReply> => ({ ...ok, volume: await volumeTransfer.receive(receiveVolumeOf(body)) })],
        ] as [string, RouteHandler][])
      : []),
  ];
}
