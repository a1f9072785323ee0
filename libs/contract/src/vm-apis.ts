// The VM slice, beyond the hardware volume: what PCI/USB passthrough and volume migration
// need. ZStack's own paths, body keys and fields (header/vm/APICreateVmInstanceMsg,
// APIStartVmInstanceMsg, APIStopVmInstanceMsg, APIRebootVmInstanceMsg, APIDestroyVmInstanceMsg,
// APIExpungeVmInstanceMsg, APIQueryVmInstanceMsg; header/configuration/
// APICreateInstanceOfferingMsg, APIDeleteInstanceOfferingMsg, APIQueryInstanceOfferingMsg;
// header/volume/APIQueryVolumeMsg; their sdk *Action classes). Inventories are ZStack's
// VmInstanceInventory and InstanceOfferingInventory, in its field order; VolumeInventory is
// the catalogue's.
import { APIS } from './apis.generated.js';
import type { ApiSpec, InventorySpec, ParamSpec } from './types.js';

const queryZone = APIS.find((a) => a.name === 'QueryZone')!;
const tags: ParamSpec[] = [
  { name: 'systemTags', type: 'List', in: 'body', required: false, description: 'System tags' },
  { name: 'userTags', type: 'List', in: 'body', required: false, description: 'User tags' },
];
const p = (name: string, type: ParamSpec['type'], required: boolean, description: string, values?: string[]): ParamSpec => ({
  name,
  type,
  in: 'body.params',
  required,
  description,
  ...(values ? { values } : {}),
});
const uuidInUrl: ParamSpec = { name: 'uuid', type: 'String', in: 'url', required: true, description: 'VM instance uuid' };
const vmInventory = { kind: 'inventory', key: 'inventory', type: 'VmInstanceInventory' } as const;

/** One `PUT /v1/vm-instances/{uuid}/actions` action. */
const vmAction = (name: string, bodyKey: string, summary: string, params: ParamSpec[] = []): ApiSpec => ({
  name,
  section: 'vm-instances',
  summary,
  method: 'PUT',
  path: '/v1/vm-instances/{uuid}/actions',
  altPaths: [],
  bodyKey,
  async: true,
  params: [uuidInUrl, ...params, ...tags],
  reply: vmInventory,
});

const query = (name: string, path: string, type: string, resource: string, summary: string): ApiSpec => ({
  name,
  section: 'vm-instances',
  summary,
  method: 'GET',
  path,
  altPaths: [`${path}/{uuid}`],
  bodyKey: null,
  async: false,
  params: queryZone.params,
  reply: { kind: 'inventories', key: 'inventories', type },
  queryResource: resource,
});

export const VM_APIS: readonly ApiSpec[] = [
  {
    name: 'CreateInstanceOffering',
    section: 'vm-instances',
    summary: 'Create an instance offering: the CPUs and memory of the VMs created with it.',
    method: 'POST',
    path: '/v1/instance-offerings',
    altPaths: [],
    bodyKey: 'params',
    async: true,
    params: [
      p('name', 'String', true, 'Offering name'),
      p('description', 'String', false, 'Offering description'),
      p('cpuNum', 'Integer', true, 'Virtual CPUs (1-1024)'),
      p('memorySize', 'Long', true, 'Memory in bytes'),
      p('allocatorStrategy', 'String', false, 'Host allocator strategy (DefaultHostAllocatorStrategy)'),
      p('sortKey', 'Integer', false, 'Sort key'),
      p('type', 'String', false, 'Offering type (UserVm)'),
      p('resourceUuid', 'String', false, 'The uuid the new offering gets'),
      ...tags,
    ],
    reply: { kind: 'inventory', key: 'inventory', type: 'InstanceOfferingInventory' },
  },
  query('QueryInstanceOffering', '/v1/instance-offerings', 'InstanceOfferingInventory', 'InstanceOffering', 'Query instance offerings.'),
  {
    name: 'DeleteInstanceOffering',
    section: 'vm-instances',
    summary: 'Delete an instance offering (VMs created with it keep their CPUs and memory).',
    method: 'DELETE',
    path: '/v1/instance-offerings/{uuid}',
    altPaths: [],
    bodyKey: null,
    async: true,
    params: [
      { name: 'uuid', type: 'String', in: 'url', required: true, description: 'Instance offering uuid' },
      { name: 'deleteMode', type: 'String', in: 'query', required: false, values: ['Permissive', 'Enforcing'], description: 'Delete mode' },
      ...tags,
    ],
    reply: { kind: 'empty' },
  },
  {
    name: 'CreateVmInstance',
    section: 'vm-instances',
    summary: 'Create a VM from an image on backup storage: its root volume on primary storage, CPUs and memory reserved on a host, started unless strategy is CreateStopped.',
    method: 'POST',
    path: '/v1/vm-instances',
    altPaths: [],
    bodyKey: 'params',
    async: true,
    params: [
      p('name', 'String', true, 'VM name'),
      p('instanceOfferingUuid', 'String', false, 'Instance offering (or cpuNum and memorySize)'),
      p('cpuNum', 'Integer', false, 'Virtual CPUs, without an instance offering'),
      p('memorySize', 'Long', false, 'Memory in bytes, without an instance offering'),
      p('imageUuid', 'String', true, 'Image of the root volume'),
      p('l3NetworkUuids', 'List', false, 'L3 networks (none exist in this release: the list must be empty)'),
      p('type', 'String', false, 'VM type (UserVm)'),
      p('rootDiskOfferingUuid', 'String', false, 'Root disk offering (not in this release)'),
      p('dataDiskOfferingUuids', 'List', false, 'Data disk offerings (not in this release)'),
      p('zoneUuid', 'String', false, 'Zone to create the VM in'),
      p('clusterUuid', 'String', false, 'Cluster to create the VM in'),
      p('hostUuid', 'String', false, 'Host to create the VM on'),
      p('primaryStorageUuidForRootVolume', 'String', false, 'Primary storage of the root volume'),
      p('description', 'String', false, 'VM description'),
      p('defaultL3NetworkUuid', 'String', false, 'Default L3 network'),
      p('strategy', 'String', false, 'InstantStart (default) or CreateStopped', ['InstantStart', 'CreateStopped']),
      p('resourceUuid', 'String', false, 'The uuid the new VM gets'),
      ...tags,
    ],
    reply: vmInventory,
  },
  query('QueryVmInstance', '/v1/vm-instances', 'VmInstanceInventory', 'VmInstance', 'Query VM instances, with their volumes.'),
  vmAction('StartVmInstance', 'startVmInstance', 'Start a stopped VM on its host (its CPUs and memory reserved again).', [p('hostUuid', 'String', false, 'Host to start on (its last host only, in this release)')]),
  vmAction('StopVmInstance', 'stopVmInstance', 'Stop a VM: an ACPI shutdown (grace) or at once (cold); its host CPUs and memory are released.', [p('type', 'String', false, 'grace (default) or cold', ['grace', 'cold'])]),
  vmAction('RebootVmInstance', 'rebootVmInstance', 'Reboot a running VM (an ACPI shutdown, then a start).'),
  {
    name: 'DestroyVmInstance',
    section: 'vm-instances',
    summary: 'Destroy a VM: stopped and removed from its host, its devices freed; its root volume stays until ExpungeVmInstance.',
    method: 'DELETE',
    path: '/v1/vm-instances/{uuid}',
    altPaths: [],
    bodyKey: null,
    async: true,
    params: [uuidInUrl, { name: 'deleteMode', type: 'String', in: 'query', required: false, values: ['Permissive', 'Enforcing'], description: 'Delete mode' }, ...tags],
    reply: { kind: 'empty' },
  },
  vmAction('ExpungeVmInstance', 'expungeVmInstance', 'Expunge a destroyed VM: its root volume is deleted and its primary storage capacity returned.'),
  query('QueryVolume', '/v1/volumes', 'VolumeInventory', 'Volume', 'Query volumes.'),
];

const field = (name: string, type: 'String' | 'Integer' | 'Long' | 'Timestamp' | 'List', description: string) => ({ name, type, description });

export const VM_INVENTORIES: Readonly<Record<string, InventorySpec>> = {
  VmInstanceInventory: {
    name: 'VmInstanceInventory',
    fields: [
      field('uuid', 'String', 'VM uuid'),
      field('name', 'String', 'VM name'),
      field('description', 'String', 'VM description'),
      field('zoneUuid', 'String', 'Zone'),
      field('clusterUuid', 'String', 'Cluster'),
      field('imageUuid', 'String', 'Image of the root volume'),
      field('hostUuid', 'String', 'Host it runs on (null when stopped)'),
      field('lastHostUuid', 'String', 'Host it last ran on'),
      field('instanceOfferingUuid', 'String', 'Instance offering it was created with'),
      field('rootVolumeUuid', 'String', 'Root volume'),
      field('platform', 'String', 'Guest platform'),
      field('defaultL3NetworkUuid', 'String', 'Default L3 network'),
      field('type', 'String', 'UserVm'),
      field('hypervisorType', 'String', 'KVM'),
      field('memorySize', 'Long', 'Memory in bytes'),
      field('cpuNum', 'Integer', 'Virtual CPUs'),
      field('cpuSpeed', 'Long', 'CPU speed (0)'),
      field('allocatorStrategy', 'String', 'Host allocator strategy'),
      field('createDate', 'Timestamp', 'Created'),
      field('lastOpDate', 'Timestamp', 'Last changed'),
      field('state', 'String', 'Created, Starting, Running, Stopping, Stopped, Rebooting, Destroying, Destroyed or Expunging'),
      field('architecture', 'String', 'CPU architecture'),
      field('guestOsType', 'String', 'Guest OS type'),
      field('vmNics', 'List', 'NICs (none in this release)'),
      { ...field('allVolumes', 'List', 'Volumes'), elementType: 'VolumeInventory' },
      field('vmCdRoms', 'List', 'CD-ROMs (none in this release)'),
    ],
  },
  InstanceOfferingInventory: {
    name: 'InstanceOfferingInventory',
    fields: [
      field('uuid', 'String', 'Offering uuid'),
      field('name', 'String', 'Offering name'),
      field('description', 'String', 'Offering description'),
      field('cpuNum', 'Integer', 'Virtual CPUs'),
      field('cpuSpeed', 'Integer', 'CPU speed (0)'),
      field('memorySize', 'Long', 'Memory in bytes'),
      field('type', 'String', 'UserVm'),
      field('allocatorStrategy', 'String', 'Host allocator strategy'),
      field('sortKey', 'Integer', 'Sort key'),
      field('createDate', 'Timestamp', 'Created'),
      field('lastOpDate', 'Timestamp', 'Last changed'),
      field('state', 'String', 'Enabled or Disabled'),
    ],
  },
};
