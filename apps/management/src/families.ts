// The one list of the node's families and plug-ins: the app module, the entity list, the
// command registry and the queryable resources are derived from it (api/commands.ts,
// database/entities.ts, app.module.ts). A new family or backend is its own folder with a
// manifest, plus one line here (docs/architecture.md). This file is the only one outside a
// plug-in's folder that may import it.
import { ACCOUNT_FAMILY } from './account/account.family.js';
import type { FamilyManifest } from './api/family.js';
import { BACKUP_STORAGE_FAMILY } from './backup-storage/backup-storage.module.js';
import { CEPH_BACKUP_STORAGE_PLUGIN } from './backup-storage/ceph/ceph-backup-storage.module.js';
import { IMAGE_STORE_BACKUP_STORAGE_PLUGIN } from './backup-storage/image-store/image-store.module.js';
import { CEPH_MONS } from './ceph/ceph.module.js';
import { CLUSTER_FAMILY } from './cluster/cluster.module.js';
import { HOST_FAMILY } from './host/host.module.js';
import { IMAGE_FAMILY } from './image/image.module.js';
import { ISCSI_FAMILY } from './iscsi/iscsi.module.js';
import { KVM_HOST_PLUGIN } from './host/kvm/kvm.module.js';
import { JOB_FAMILY } from './job/job.family.js';
import { MANAGEMENT_NODE_FAMILY } from './management-node/management-node.family.js';
import { PCI_DEVICE_FAMILY } from './pci-device/pci-device.module.js';
import { CEPH_PRIMARY_STORAGE_PLUGIN } from './primary-storage/ceph/ceph-primary-storage.module.js';
import { LOCAL_STORAGE_PLUGIN } from './primary-storage/local/local-storage.module.js';
import { NFS_PRIMARY_STORAGE_PLUGIN } from './primary-storage/nfs/nfs.module.js';
import { PRIMARY_STORAGE_FAMILY } from './primary-storage/primary-storage.module.js';
import { SHARED_BLOCK_PLUGIN } from './primary-storage/shared-block/shared-block.module.js';
import { SHARED_MOUNT_POINT_PLUGIN } from './primary-storage/smp/shared-mount-point.module.js';
import { RESOURCE_FAMILY } from './resource/resource.module.js';
import { USB_DEVICE_FAMILY } from './usb-device/usb-device.module.js';
import { VM_INSTANCE_FAMILY } from './vm-instance/vm-instance.module.js';
import { ZONE_FAMILY } from './zone/zone.module.js';

export const FAMILIES: readonly FamilyManifest[] = [
  ACCOUNT_FAMILY,
  JOB_FAMILY,
  MANAGEMENT_NODE_FAMILY,
  RESOURCE_FAMILY,
  ZONE_FAMILY,
  CLUSTER_FAMILY,
  HOST_FAMILY,
  KVM_HOST_PLUGIN,
  PCI_DEVICE_FAMILY,
  PRIMARY_STORAGE_FAMILY,
  LOCAL_STORAGE_PLUGIN,
  SHARED_MOUNT_POINT_PLUGIN,
  NFS_PRIMARY_STORAGE_PLUGIN,
  SHARED_BLOCK_PLUGIN,
  CEPH_MONS,
  CEPH_PRIMARY_STORAGE_PLUGIN,
  ISCSI_FAMILY,
  USB_DEVICE_FAMILY,
  BACKUP_STORAGE_FAMILY,
  IMAGE_STORE_BACKUP_STORAGE_PLUGIN,
  CEPH_BACKUP_STORAGE_PLUGIN,
  IMAGE_FAMILY,
  VM_INSTANCE_FAMILY,
];
