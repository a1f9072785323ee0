import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { HostsAndPciDevices1764000100000 } from './1764000100000-hosts-and-pci-devices.js';
import { KvmHostsAndManagementNodes1764000200000 } from './1764000200000-kvm-hosts-and-management-nodes.js';
import { SecretsAtRest1764000300000 } from './1764000300000-secrets-at-rest.js';
import { LongJobView1764000400000 } from './1764000400000-long-job-view.js';
import { PrimaryStorageAndIscsi1764000600000 } from './1764000600000-primary-storage-and-iscsi.js';
import { BackupStorage1764000700000 } from './1764000700000-backup-storage.js';
import { PciAndUsbDevices1764000800000 } from './1764000800000-pci-and-usb-devices.js';
import { SharedBlock1764000900000 } from './1764000900000-shared-block.js';
import { Ceph1764001000000 } from './1764001000000-ceph.js';
import { VmInstances1764001100000 } from './1764001100000-vm-instances.js';

/** Every schema change, oldest first. Never edit one that has shipped: add another. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  HostsAndPciDevices1764000100000,
  KvmHostsAndManagementNodes1764000200000,
  SecretsAtRest1764000300000,
  LongJobView1764000400000,
  PrimaryStorageAndIscsi1764000600000,
  BackupStorage1764000700000,
  PciAndUsbDevices1764000800000,
  SharedBlock1764000900000,
  Ceph1764001000000,
  VmInstances1764001100000,
];
