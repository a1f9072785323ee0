// The host's IOMMU as the agent reads it (/sys/kernel/iommu_groups, /sys/class/iommu,
// /proc/cmdline): GetHostIommuStatus says whether passthrough can work now, GetHostIommuState
// whether the running kernel was booted with IOMMU asked for. UpdateHostIommuState
// (commands/) edits the boot arguments; both GETs change only after the host reboots.
import { DeviceAgentPath, type IommuState, type IommuStateReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { ApiRequest } from '../api/api-command.js';
import type { SyncApiHandler } from '../api/sync-api.js';
import { HostAgentChannel } from '../host/host-agent-channel.js';
import { callHostAgent } from './device-sync.js';

/** Active: the kernel made IOMMU groups, so a device can be handed to a VM. */
export const iommuStatus = (iommu: IommuState): 'Active' | 'Inactive' => (iommu.active ? 'Active' : 'Inactive');

/** Enabled: the running kernel's command line turns IOMMU on (`intel_iommu=on`,
 *  `amd_iommu=on`), or the kernel made IOMMU groups anyway (AMD hosts default to on). */
export const iommuEnableState = (iommu: IommuState): 'Enabled' | 'Disabled' =>
  iommu.active || iommu.kernelArguments.some((arg) => /^(intel|amd)_iommu=on$/.test(arg)) ? 'Enabled' : 'Disabled';

async function hostIommu(request: ApiRequest, providers: Parameters<SyncApiHandler['answer']>[1]): Promise<IommuState> {
  const hostUuid = request.pathParams.uuid;
  if (!hostUuid) throw ApiError.invalidArgument('the host uuid is missing from the path');
  const reply = await callHostAgent<IommuStateReply>(providers.get(HostAgentChannel, { strict: false }), hostUuid, DeviceAgentPath.iommuState, {}, 30_000);
  return reply.iommu;
}

export const GetHostIommuStatus: SyncApiHandler = {
  api: 'GetHostIommuStatus',
  answer: async (request, providers) => ({ status: iommuStatus(await hostIommu(request, providers)) }),
};

export const GetHostIommuState: SyncApiHandler = {
  api: 'GetHostIommuState',
  answer: async (request, providers) => ({ state: iommuEnableState(await hostIommu(request, providers)) }),
};

export const IOMMU_SYNC_APIS: readonly SyncApiHandler[] = [GetHostIommuStatus, GetHostIommuState];
