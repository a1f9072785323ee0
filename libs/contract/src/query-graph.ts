// The query graph: each resource a Query API searches, the table that holds it, and its
// joins to other resources, declared once here. Queryable fields are the inventory's
// scalar fields (read from INVENTORIES), so a field added to an inventory is queryable at
// once. The REST query engine, the CLI's Tab completion and the docs all walk this graph.
//
// Join names are ZStack's (`@ExpandedQuery` on its inventory classes, with the hidden
// reference hops folded into link-table joins as its `@ExpandedQueryAlias`es do); joins
// to resources this contract does not have (vmInstance, volume, l2Network...) are left
// out. A few joins ZStack lacks are added as the inverse of a foreign key or the far side
// of a link table the contract has: Host.pciDevice/usbDevice, Cluster.iscsiServer,
// IscsiServer.cluster, PciDevice.pciDeviceOffering and PciDeviceOffering.pciDevice.
import { INVENTORIES } from './inventories.js';
import type { FieldType, NestedList, QueryField, QueryJoin, QueryResource } from './types.js';

/** Fields and parameters that carry secrets (passwords, CHAP secrets...): never queryable,
 *  never returned, sealed in a job's stored request, masked in the CLI's history. */
export function isSecretField(name: string): boolean {
  // A Ceph mon url carries its host's SSH password (`user:password@host`).
  return /password|secret/i.test(name) || name === 'monUrls';
}

/** Table of a resource: the snake_case of its name (`PciDevice` -> `pci_device`). The
 *  management node creates its tables with these names. */
export const tableOf = (resource: string): string => resource.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const SCALAR: ReadonlySet<FieldType> = new Set(['String', 'Integer', 'Long', 'Float', 'Boolean', 'Timestamp']);

/** `one`: a foreign key on this side (to-one); `many`: one on the other side (to-many);
 *  `through`: a link table (many-to-many). */
const one = (name: string, target: string, localField: string): QueryJoin => ({ name, target, localField, targetField: 'uuid' });
const many = (name: string, target: string, targetField: string): QueryJoin => ({ name, target, localField: 'uuid', targetField });
const through = (name: string, target: string, table: string, localColumn: string, targetColumn: string): QueryJoin => ({
  name,
  target,
  localField: 'uuid',
  targetField: 'uuid',
  via: { table, localColumn, targetColumn },
});

// The link tables of many-to-many joins, named after ZStack's reference VOs.
const PS_CLUSTER = 'primary_storage_cluster_ref';
const BS_ZONE = 'backup_storage_zone_ref';
const IMAGE_BS = 'image_backup_storage_ref';
const ISCSI_CLUSTER = 'iscsi_server_cluster_ref';
const PCI_OFFERING = 'pci_device_pci_device_offering_ref';

interface Declaration {
  /** Inventory type; defaults to `<Name>Inventory`. */
  inventory?: string;
  joins: QueryJoin[];
  nested?: NestedList[];
}

const attachedClusters: NestedList = { field: 'attachedClusterUuids', table: PS_CLUSTER, foreignKey: 'primaryStorageUuid', valueColumn: 'clusterUuid' };
const attachedZones: NestedList = { field: 'attachedZoneUuids', table: BS_ZONE, foreignKey: 'backupStorageUuid', valueColumn: 'zoneUuid' };
const listOf = (field: string, resource: string, foreignKey: string): NestedList => ({ field, table: tableOf(resource), foreignKey, inventory: `${resource}Inventory` });

// Sub-types (CephPrimaryStorage, ImageStoreBackupStorage...) are tables or views of their
// own that repeat the base columns, so every resource is one relation to the engine.
const DECLARATIONS: Record<string, Declaration> = {
  Zone: {
    joins: [
      many('cluster', 'Cluster', 'zoneUuid'),
      many('host', 'Host', 'zoneUuid'),
      many('primaryStorage', 'PrimaryStorage', 'zoneUuid'),
      through('backupStorage', 'BackupStorage', BS_ZONE, 'zoneUuid', 'backupStorageUuid'),
    ],
  },
  Cluster: {
    joins: [
      one('zone', 'Zone', 'zoneUuid'),
      many('host', 'Host', 'clusterUuid'),
      through('primaryStorage', 'PrimaryStorage', PS_CLUSTER, 'clusterUuid', 'primaryStorageUuid'),
      through('iscsiServer', 'IscsiServer', ISCSI_CLUSTER, 'clusterUuid', 'iscsiServerUuid'),
    ],
  },
  Host: {
    joins: [one('zone', 'Zone', 'zoneUuid'), one('cluster', 'Cluster', 'clusterUuid'), many('pciDevice', 'PciDevice', 'hostUuid'), many('usbDevice', 'UsbDevice', 'hostUuid')],
  },
  PciDevice: {
    joins: [
      one('host', 'Host', 'hostUuid'),
      many('matchedPciDeviceOffering', 'PciDevicePciDeviceOfferingRef', 'pciDeviceUuid'),
      through('pciDeviceOffering', 'PciDeviceOffering', PCI_OFFERING, 'pciDeviceUuid', 'pciDeviceOfferingUuid'),
    ],
    nested: [listOf('matchedPciDeviceOfferingRef', 'PciDevicePciDeviceOfferingRef', 'pciDeviceUuid')],
  },
  PciDeviceOffering: {
    joins: [
      many('matchedPciDevice', 'PciDevicePciDeviceOfferingRef', 'pciDeviceOfferingUuid'),
      through('pciDevice', 'PciDevice', PCI_OFFERING, 'pciDeviceOfferingUuid', 'pciDeviceUuid'),
    ],
    nested: [
      listOf('matchedPciDevices', 'PciDevicePciDeviceOfferingRef', 'pciDeviceOfferingUuid'),
      listOf('attachedInstanceOfferings', 'PciDeviceOfferingInstanceOfferingRef', 'pciDeviceOfferingUuid'),
    ],
  },
  PciDevicePciDeviceOfferingRef: {
    joins: [one('pciDevice', 'PciDevice', 'pciDeviceUuid'), one('pciDeviceOffering', 'PciDeviceOffering', 'pciDeviceOfferingUuid')],
  },
  UsbDevice: { joins: [one('host', 'Host', 'hostUuid')] },
  PrimaryStorage: {
    joins: [one('zone', 'Zone', 'zoneUuid'), through('cluster', 'Cluster', PS_CLUSTER, 'primaryStorageUuid', 'clusterUuid')],
    nested: [attachedClusters],
  },
  LocalStorageResourceRef: {
    joins: [one('primaryStorage', 'PrimaryStorage', 'primaryStorageUuid'), one('host', 'Host', 'hostUuid')],
  },
  CephPrimaryStorage: {
    joins: [
      one('zone', 'Zone', 'zoneUuid'),
      through('cluster', 'Cluster', PS_CLUSTER, 'primaryStorageUuid', 'clusterUuid'),
      many('mons', 'CephPrimaryStorageMon', 'primaryStorageUuid'),
      many('pools', 'CephPrimaryStoragePool', 'primaryStorageUuid'),
    ],
    nested: [attachedClusters, listOf('mons', 'CephPrimaryStorageMon', 'primaryStorageUuid')],
  },
  CephPrimaryStorageMon: { joins: [one('primaryStorage', 'CephPrimaryStorage', 'primaryStorageUuid')] },
  CephPrimaryStoragePool: { joins: [one('primaryStorage', 'CephPrimaryStorage', 'primaryStorageUuid')] },
  SharedBlockGroupPrimaryStorage: {
    joins: [
      one('zone', 'Zone', 'zoneUuid'),
      through('cluster', 'Cluster', PS_CLUSTER, 'primaryStorageUuid', 'clusterUuid'),
      many('sharedBlocks', 'SharedBlock', 'sharedBlockGroupUuid'),
    ],
    nested: [attachedClusters, listOf('sharedBlocks', 'SharedBlock', 'sharedBlockGroupUuid')],
  },
  SharedBlockGroupPrimaryStorageHostRef: {
    joins: [one('sharedBlockGroup', 'SharedBlockGroupPrimaryStorage', 'primaryStorageUuid'), one('host', 'Host', 'hostUuid')],
  },
  SharedBlock: { joins: [one('sharedBlockGroup', 'SharedBlockGroupPrimaryStorage', 'sharedBlockGroupUuid')] },
  BackupStorage: {
    joins: [through('zone', 'Zone', BS_ZONE, 'backupStorageUuid', 'zoneUuid')],
    nested: [attachedZones],
  },
  ImageStoreBackupStorage: {
    joins: [through('zone', 'Zone', BS_ZONE, 'backupStorageUuid', 'zoneUuid')],
    nested: [attachedZones],
  },
  CephBackupStorage: {
    joins: [through('zone', 'Zone', BS_ZONE, 'backupStorageUuid', 'zoneUuid'), many('mons', 'CephBackupStorageMon', 'backupStorageUuid')],
    nested: [attachedZones, listOf('mons', 'CephBackupStorageMon', 'backupStorageUuid')],
  },
  CephBackupStorageMon: { joins: [one('backupStorage', 'CephBackupStorage', 'backupStorageUuid')] },
  Image: {
    joins: [many('backupStorageRefs', 'ImageBackupStorageRef', 'imageUuid'), through('backupStorage', 'BackupStorage', IMAGE_BS, 'imageUuid', 'backupStorageUuid')],
    nested: [listOf('backupStorageRefs', 'ImageBackupStorageRef', 'imageUuid')],
  },
  ImageBackupStorageRef: { joins: [one('image', 'Image', 'imageUuid'), one('backupStorage', 'BackupStorage', 'backupStorageUuid')] },
  IscsiServer: {
    joins: [
      many('iscsiTarget', 'IscsiTarget', 'iscsiServerUuid'),
      many('iscsiCluster', 'IscsiServerClusterRef', 'iscsiServerUuid'),
      through('cluster', 'Cluster', ISCSI_CLUSTER, 'iscsiServerUuid', 'clusterUuid'),
    ],
    nested: [listOf('iscsiTargets', 'IscsiTarget', 'iscsiServerUuid'), listOf('iscsiClusterRefs', 'IscsiServerClusterRef', 'iscsiServerUuid')],
  },
  IscsiServerClusterRef: { joins: [one('iscsiServer', 'IscsiServer', 'iscsiServerUuid'), one('cluster', 'Cluster', 'clusterUuid')] },
  IscsiTarget: {
    joins: [one('iscsiServer', 'IscsiServer', 'iscsiServerUuid'), many('iscsiLun', 'IscsiLun', 'iscsiTargetUuid')],
    nested: [listOf('iscsiLuns', 'IscsiLun', 'iscsiTargetUuid')],
  },
  IscsiLun: { joins: [one('iscsiTarget', 'IscsiTarget', 'iscsiTargetUuid')] },
  // The jobs of API calls (operator-apis.ts), from the long_job view over api_job.
  LongJob: { joins: [] },
  // The VM slice (vm-apis.ts), with ZStack's VmInstanceInventory/VolumeInventory joins.
  VmInstance: {
    joins: [
      one('zone', 'Zone', 'zoneUuid'),
      one('cluster', 'Cluster', 'clusterUuid'),
      one('host', 'Host', 'hostUuid'),
      one('image', 'Image', 'imageUuid'),
      one('instanceOffering', 'InstanceOffering', 'instanceOfferingUuid'),
      many('allVolumes', 'Volume', 'vmInstanceUuid'),
    ],
    nested: [listOf('allVolumes', 'Volume', 'vmInstanceUuid')],
  },
  Volume: { joins: [one('vmInstance', 'VmInstance', 'vmInstanceUuid'), one('primaryStorage', 'PrimaryStorage', 'primaryStorageUuid'), one('image', 'Image', 'rootImageUuid')] },
  InstanceOffering: { joins: [] },
};

function queryFields(inventory: string): QueryField[] {
  const spec = INVENTORIES[inventory];
  if (!spec) throw new Error(`query graph: no inventory ${inventory}`);
  return spec.fields.filter((f) => SCALAR.has(f.type) && !isSecretField(f.name)).map((f) => ({ name: f.name, type: f.type }));
}

export const QUERY_RESOURCES: Readonly<Record<string, QueryResource>> = Object.fromEntries(
  Object.entries(DECLARATIONS).map(([name, d]) => {
    const inventory = d.inventory ?? `${name}Inventory`;
    return [name, { name, inventory, table: tableOf(name), fields: queryFields(inventory), joins: d.joins, nested: d.nested ?? [], resourceType: `${name}VO` }];
  }),
);

/** The resource of the query graph named `name`, if there is one. */
export function queryResource(name: string): QueryResource | undefined {
  return Object.hasOwn(QUERY_RESOURCES, name) ? QUERY_RESOURCES[name] : undefined;
}

export interface FieldPathHop {
  join: QueryJoin;
  from: QueryResource;
  to: QueryResource;
}

/** Where a dotted path leads, or which part of it does not exist. The error text names
 *  that part; `reason` and `part` say the same for code (the CLI, the query engine). */
export type FieldPath =
  | { ok: true; hops: FieldPathHop[]; resource: QueryResource; field: QueryField }
  | { ok: false; reason: 'unknown-resource' | 'unknown-join' | 'unknown-field'; part: string; error: string };

const findJoin = (resource: QueryResource, name: string) => resource.joins.find((j) => j.name === name);

/** Follows a dotted path (`cluster.zone.name`) from a resource: the joins it crosses and
 *  the field it ends on, or an error naming the part that does not exist. */
export function resolveFieldPath(resourceName: string, path: string): FieldPath {
  let resource = queryResource(resourceName);
  if (!resource) return { ok: false, reason: 'unknown-resource', part: resourceName, error: `unknown resource ${resourceName}` };
  const parts = path.split('.');
  const hops: FieldPathHop[] = [];
  for (const part of parts.slice(0, -1)) {
    const join = findJoin(resource, part);
    if (!join) {
      const known = resource.joins.map((j) => j.name).join(', ');
      return { ok: false, reason: 'unknown-join', part, error: `unknown join "${part}" of ${resource.name} in "${path}"; joins: ${known}` };
    }
    const to = QUERY_RESOURCES[join.target];
    hops.push({ join, from: resource, to });
    resource = to;
  }
  const last = parts[parts.length - 1];
  const field = resource.fields.find((f) => f.name === last);
  if (!field) return { ok: false, reason: 'unknown-field', part: last, error: `unknown field "${last}" of ${resource.name} in "${path}"` };
  return { ok: true, hops, resource, field };
}

/** Conditions on tags, offered beside the fields of the resource queried (not of joins). */
export const TAG_CONDITIONS = ['__systemTag__', '__userTag__'] as const;

/** What may follow a partly typed path, for the CLI's Tab completion: the fields and the
 *  joins (with their dot, `zone.`) of the resource the path has reached, that start with
 *  the last part typed; at the top also the tag conditions. */
export function completions(resourceName: string, typed: string): string[] {
  const parts = typed.split('.');
  let resource = queryResource(resourceName);
  for (const part of parts.slice(0, -1)) {
    const join = resource && findJoin(resource, part);
    if (!join) return [];
    resource = QUERY_RESOURCES[join.target];
  }
  if (!resource) return [];
  const prefix = parts.slice(0, -1).map((p) => `${p}.`).join('');
  const last = parts[parts.length - 1];
  const names = [...resource.fields.map((f) => f.name), ...resource.joins.map((j) => `${j.name}.`), ...(prefix ? [] : TAG_CONDITIONS)];
  return names.filter((n) => n.startsWith(last)).map((n) => prefix + n);
}
