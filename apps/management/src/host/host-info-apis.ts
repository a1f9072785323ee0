// The host family's synchronous answers.
import type { SyncApiHandler } from '../api/sync-api.js';
import { HostBackends } from './host-backends.js';

/** ZStack's HostAllocatorConstant strategy names. This release places no VMs yet, so the
 *  list says what an operator may name in an instance offering's allocatorStrategy. */
export const HOST_ALLOCATOR_STRATEGIES = [
  'DefaultHostAllocatorStrategy',
  'LastHostPreferredAllocatorStrategy',
  'LeastVmPreferredHostAllocatorStrategy',
  'MinimumCPUUsageHostAllocatorStrategy',
  'MinimumMemoryUsageHostAllocatorStrategy',
  'MaxInstancePerHostHostAllocatorStrategy',
  'DesignatedHostAllocatorStrategy',
];

export const GetHostAllocatorStrategies: SyncApiHandler = {
  api: 'GetHostAllocatorStrategies',
  answer: () => ({ strategies: HOST_ALLOCATOR_STRATEGIES }),
};

/** The hypervisor plug-ins registered (HostBackends). The manual prints `{}`; ZStack's code
 *  (APIGetHypervisorTypesReply) answers the list under `hypervisorTypes`, which is what its
 *  clients read (docs/contract.md). */
export const GetHypervisorTypes: SyncApiHandler = {
  api: 'GetHypervisorTypes',
  answer: (_request, providers) => ({ hypervisorTypes: providers.get(HostBackends, { strict: false }).types() }),
};

export const HOST_SYNC_APIS: readonly SyncApiHandler[] = [GetHostAllocatorStrategies, GetHypervisorTypes];
