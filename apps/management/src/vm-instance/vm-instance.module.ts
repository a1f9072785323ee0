import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { BackupStorageModule } from '../backup-storage/backup-storage.module.js';
import { PrimaryStorageModule } from '../primary-storage/primary-storage.module.js';
import { CreateInstanceOfferingHandler } from './commands/create-instance-offering.js';
import { CreateVmInstanceHandler } from './commands/create-vm-instance.js';
import { DeleteInstanceOfferingHandler } from './commands/delete-instance-offering.js';
import { DestroyVmInstanceHandler } from './commands/destroy-vm-instance.js';
import { ExpungeVmInstanceHandler } from './commands/expunge-vm-instance.js';
import { RebootVmInstanceHandler } from './commands/reboot-vm-instance.js';
import { StartVmInstanceHandler } from './commands/start-vm-instance.js';
import { StopVmInstanceHandler } from './commands/stop-vm-instance.js';
import { PrimaryStorageMigrateVolumeHandler } from './commands/primary-storage-migrate-volume.js';
import { ImageSources } from './image-sources.js';
import { VmDevices } from './vm-devices.js';
import { GetVmUsbRedirect, SetVmUsbRedirectHandler } from './vm-usb-redirect.js';
import { InstanceOfferingEntity, VmInstanceEntity, VolumeEntity } from './vm-instance.entity.js';
import { VmLifecycle } from './vm-lifecycle.js';
import { VmPlacement } from './vm-placement.js';
import { VmRuntime } from './vm-runtime.js';
import { GetPrimaryStorageCandidatesForVolumeMigration } from './volume-migration-candidates.js';
import { VolumeMigration } from './volume-migration.js';

const HANDLERS = [
  CreateInstanceOfferingHandler,
  DeleteInstanceOfferingHandler,
  CreateVmInstanceHandler,
  StartVmInstanceHandler,
  StopVmInstanceHandler,
  RebootVmInstanceHandler,
  DestroyVmInstanceHandler,
  ExpungeVmInstanceHandler,
  SetVmUsbRedirectHandler,
  PrimaryStorageMigrateVolumeHandler,
];
const PUBLIC = [VmRuntime, VmLifecycle, VmPlacement, ImageSources, VmDevices, VolumeMigration];

/** VMs (beyond the hardware volume): instance offerings, VMs on KVM hosts through the hosts'
 *  agents and libvirt, their root volumes on file-system primary storage, made from images of
 *  backup storage, moved between storages (PrimaryStorageMigrateVolume). What PCI/USB
 *  passthrough and local storage's volume migration act on. */
@Module({ imports: [PrimaryStorageModule, BackupStorageModule], providers: [...HANDLERS, ...PUBLIC], exports: PUBLIC })
export class VmInstanceModule {}

export const VM_INSTANCE_FAMILY: FamilyManifest = {
  name: 'vm-instance',
  module: VmInstanceModule,
  entities: [InstanceOfferingEntity, VmInstanceEntity, VolumeEntity],
  handlers: HANDLERS,
  syncApis: [GetVmUsbRedirect, GetPrimaryStorageCandidatesForVolumeMigration],
  queryResources: ['VmInstance', 'Volume', 'InstanceOffering'],
};
