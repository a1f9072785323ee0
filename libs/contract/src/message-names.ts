// The Java class names ZStack's message API (`POST /zstack/api`) speaks for each API of the
// contract: the message a client sends and the event (asynchronous APIs) or reply (synchronous
// APIs and queries) it gets back, e.g. {"org.zstack.header.zone.APICreateZoneMsg": {...}} ->
// {"org.zstack.header.zone.APICreateZoneEvent": {...}}.
//
// Where they come from: ZStack's public source (github.com/zstackio/zstack). Each message is the
// file API<Name>Msg.java (its package is its path below src/main/java, header/ preferred), and
// the answer class is the responseClass of that message's @RestRequest annotation, found the
// same way. The PCI device APIs live in ZStack's closed pciDevice module: their message names
// are as ZStack's public role definitions (conf/roleDefinitions/roleDefinition.json) spell
// them, and their answers follow the rule every public message keeps (API<Name>Event for an
// asynchronous API, API<Name>Reply for the rest, in the message's package). The ImageStore
// messages are spelled there too. The iSCSI and USB device APIs and the image migration
// between stores appear nowhere in the public source: their names are inferred (see the
// comments beside them). The contract's other closed-module APIs are
// absent until they are implemented: the message API answers them as unknown messages.

export interface MessageNames {
  /** The API message, e.g. org.zstack.header.zone.APICreateZoneMsg. */
  message: string;
  /** The event (asynchronous APIs) or reply (synchronous APIs, queries) it is answered with. */
  answer: string;
}

export const MESSAGE_NAMES: Readonly<Record<string, MessageNames>> = {
  LogInByAccount: { message: 'org.zstack.header.identity.APILogInByAccountMsg', answer: 'org.zstack.header.identity.APILogInReply' },
  LogOut: { message: 'org.zstack.header.identity.APILogOutMsg', answer: 'org.zstack.header.identity.APILogOutReply' },
  CreateZone: { message: 'org.zstack.header.zone.APICreateZoneMsg', answer: 'org.zstack.header.zone.APICreateZoneEvent' },
  DeleteZone: { message: 'org.zstack.header.zone.APIDeleteZoneMsg', answer: 'org.zstack.header.zone.APIDeleteZoneEvent' },
  QueryZone: { message: 'org.zstack.header.zone.APIQueryZoneMsg', answer: 'org.zstack.header.zone.APIQueryZoneReply' },
  UpdateZone: { message: 'org.zstack.header.zone.APIUpdateZoneMsg', answer: 'org.zstack.header.zone.APIUpdateZoneEvent' },
  ChangeZoneState: { message: 'org.zstack.header.zone.APIChangeZoneStateMsg', answer: 'org.zstack.header.zone.APIChangeZoneStateEvent' },
  CreateCluster: { message: 'org.zstack.header.cluster.APICreateClusterMsg', answer: 'org.zstack.header.cluster.APICreateClusterEvent' },
  DeleteCluster: { message: 'org.zstack.header.cluster.APIDeleteClusterMsg', answer: 'org.zstack.header.cluster.APIDeleteClusterEvent' },
  QueryCluster: { message: 'org.zstack.header.cluster.APIQueryClusterMsg', answer: 'org.zstack.header.cluster.APIQueryClusterReply' },
  UpdateCluster: { message: 'org.zstack.header.cluster.APIUpdateClusterMsg', answer: 'org.zstack.header.cluster.APIUpdateClusterEvent' },
  ChangeClusterState: { message: 'org.zstack.header.cluster.APIChangeClusterStateMsg', answer: 'org.zstack.header.cluster.APIChangeClusterStateEvent' },
  UpdateClusterOS: { message: 'org.zstack.header.cluster.APIUpdateClusterOSMsg', answer: 'org.zstack.header.cluster.APIUpdateClusterOSEvent' },
  QueryHost: { message: 'org.zstack.header.host.APIQueryHostMsg', answer: 'org.zstack.header.host.APIQueryHostReply' },
  DeleteHost: { message: 'org.zstack.header.host.APIDeleteHostMsg', answer: 'org.zstack.header.host.APIDeleteHostEvent' },
  UpdateHost: { message: 'org.zstack.header.host.APIUpdateHostMsg', answer: 'org.zstack.header.host.APIUpdateHostEvent' },
  ChangeHostState: { message: 'org.zstack.header.host.APIChangeHostStateMsg', answer: 'org.zstack.header.host.APIChangeHostStateEvent' },
  ReconnectHost: { message: 'org.zstack.header.host.APIReconnectHostMsg', answer: 'org.zstack.header.host.APIReconnectHostEvent' },
  GetHostAllocatorStrategies: { message: 'org.zstack.header.allocator.APIGetHostAllocatorStrategiesMsg', answer: 'org.zstack.header.allocator.APIGetHostAllocatorStrategiesReply' },
  GetHypervisorTypes: { message: 'org.zstack.header.host.APIGetHypervisorTypesMsg', answer: 'org.zstack.header.host.APIGetHypervisorTypesReply' },
  UpdateKVMHost: { message: 'org.zstack.kvm.APIUpdateKVMHostMsg', answer: 'org.zstack.header.host.APIUpdateHostEvent' },
  AddKVMHost: { message: 'org.zstack.kvm.APIAddKVMHostMsg', answer: 'org.zstack.header.host.APIAddHostEvent' },
  KvmRunShell: { message: 'org.zstack.kvm.APIKvmRunShellMsg', answer: 'org.zstack.kvm.APIKvmRunShellEvent' },
  DeletePrimaryStorage: { message: 'org.zstack.header.storage.primary.APIDeletePrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIDeletePrimaryStorageEvent' },
  QueryPrimaryStorage: { message: 'org.zstack.header.storage.primary.APIQueryPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIQueryPrimaryStorageReply' },
  AttachPrimaryStorageToCluster: { message: 'org.zstack.header.storage.primary.APIAttachPrimaryStorageToClusterMsg', answer: 'org.zstack.header.storage.primary.APIAttachPrimaryStorageToClusterEvent' },
  DetachPrimaryStorageFromCluster: { message: 'org.zstack.header.storage.primary.APIDetachPrimaryStorageFromClusterMsg', answer: 'org.zstack.header.storage.primary.APIDetachPrimaryStorageFromClusterEvent' },
  ReconnectPrimaryStorage: { message: 'org.zstack.header.storage.primary.APIReconnectPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIReconnectPrimaryStorageEvent' },
  GetPrimaryStorageCapacity: { message: 'org.zstack.header.storage.primary.APIGetPrimaryStorageCapacityMsg', answer: 'org.zstack.header.storage.primary.APIGetPrimaryStorageCapacityReply' },
  SyncPrimaryStorageCapacity: { message: 'org.zstack.header.storage.primary.APISyncPrimaryStorageCapacityMsg', answer: 'org.zstack.header.storage.primary.APISyncPrimaryStorageCapacityEvent' },
  ChangePrimaryStorageState: { message: 'org.zstack.header.storage.primary.APIChangePrimaryStorageStateMsg', answer: 'org.zstack.header.storage.primary.APIChangePrimaryStorageStateEvent' },
  UpdatePrimaryStorage: { message: 'org.zstack.header.storage.primary.APIUpdatePrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIUpdatePrimaryStorageEvent' },
  CleanUpImageCacheOnPrimaryStorage: { message: 'org.zstack.header.storage.primary.APICleanUpImageCacheOnPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APICleanUpImageCacheOnPrimaryStorageEvent' },
  GetPrimaryStorageAllocatorStrategies: { message: 'org.zstack.header.storage.primary.APIGetPrimaryStorageAllocatorStrategiesMsg', answer: 'org.zstack.header.storage.primary.APIGetPrimaryStorageAllocatorStrategiesReply' },
  GetPrimaryStorageTypes: { message: 'org.zstack.header.storage.primary.APIGetPrimaryStorageTypesMsg', answer: 'org.zstack.header.storage.primary.APIGetPrimaryStorageTypesReply' },
  AddLocalPrimaryStorage: { message: 'org.zstack.storage.primary.local.APIAddLocalPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIAddPrimaryStorageEvent' },
  QueryLocalStorageResourceRef: { message: 'org.zstack.storage.primary.local.APIQueryLocalStorageResourceRefMsg', answer: 'org.zstack.storage.primary.local.APIQueryLocalStorageResourceRefReply' },
  PrimaryStorageMigrateVolume: { message: 'org.zstack.storage.migration.primary.APIPrimaryStorageMigrateVolumeMsg', answer: 'org.zstack.storage.migration.primary.APIPrimaryStorageMigrateVolumeEvent' },
  GetPrimaryStorageCandidatesForVolumeMigration: { message: 'org.zstack.storage.migration.primary.APIGetPrimaryStorageCandidatesForVolumeMigrationMsg', answer: 'org.zstack.storage.migration.primary.APIGetPrimaryStorageCandidatesForVolumeMigrationReply' },
  LocalStorageMigrateVolume: { message: 'org.zstack.storage.primary.local.APILocalStorageMigrateVolumeMsg', answer: 'org.zstack.storage.primary.local.APILocalStorageMigrateVolumeEvent' },
  GetLocalStorageHostDiskCapacity: { message: 'org.zstack.storage.primary.local.APIGetLocalStorageHostDiskCapacityMsg', answer: 'org.zstack.storage.primary.local.APIGetLocalStorageHostDiskCapacityReply' },
  LocalStorageGetVolumeMigratableHosts: { message: 'org.zstack.storage.primary.local.APILocalStorageGetVolumeMigratableHostsMsg', answer: 'org.zstack.storage.primary.local.APILocalStorageGetVolumeMigratableReply' },
  AddNfsPrimaryStorage: { message: 'org.zstack.storage.primary.nfs.APIAddNfsPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIAddPrimaryStorageEvent' },
  AddSharedMountPointPrimaryStorage: { message: 'org.zstack.storage.primary.smp.APIAddSharedMountPointPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIAddPrimaryStorageEvent' },
  AddCephPrimaryStorage: { message: 'org.zstack.storage.ceph.primary.APIAddCephPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIAddPrimaryStorageEvent' },
  QueryCephPrimaryStorage: { message: 'org.zstack.storage.ceph.primary.APIQueryCephPrimaryStorageMsg', answer: 'org.zstack.header.storage.primary.APIQueryPrimaryStorageReply' },
  AddMonToCephPrimaryStorage: { message: 'org.zstack.storage.ceph.primary.APIAddMonToCephPrimaryStorageMsg', answer: 'org.zstack.storage.ceph.primary.APIAddMonToCephPrimaryStorageEvent' },
  RemoveMonFromCephPrimaryStorage: { message: 'org.zstack.storage.ceph.primary.APIRemoveMonFromCephPrimaryStorageMsg', answer: 'org.zstack.storage.ceph.primary.APIRemoveMonFromCephPrimaryStorageEvent' },
  UpdateCephPrimaryStorageMon: { message: 'org.zstack.storage.ceph.primary.APIUpdateCephPrimaryStorageMonMsg', answer: 'org.zstack.storage.ceph.primary.APIUpdateCephPrimaryStorageMonEvent' },
  AddCephPrimaryStoragePool: { message: 'org.zstack.storage.ceph.primary.APIAddCephPrimaryStoragePoolMsg', answer: 'org.zstack.storage.ceph.primary.APIAddCephPrimaryStoragePoolEvent' },
  DeleteCephPrimaryStoragePool: { message: 'org.zstack.storage.ceph.primary.APIDeleteCephPrimaryStoragePoolMsg', answer: 'org.zstack.storage.ceph.primary.APIDeleteCephPrimaryStoragePoolEvent' },
  QueryCephPrimaryStoragePool: { message: 'org.zstack.storage.ceph.primary.APIQueryCephPrimaryStoragePoolMsg', answer: 'org.zstack.storage.ceph.primary.APIQueryCephPrimaryStoragePoolReply' },
  UpdateCephPrimaryStoragePool: { message: 'org.zstack.storage.ceph.primary.APIUpdateCephPrimaryStoragePoolMsg', answer: 'org.zstack.storage.ceph.primary.APIUpdateCephPrimaryStoragePoolEvent' },
  DeleteBackupStorage: { message: 'org.zstack.header.storage.backup.APIDeleteBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIDeleteBackupStorageEvent' },
  QueryBackupStorage: { message: 'org.zstack.header.storage.backup.APIQueryBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIQueryBackupStorageReply' },
  ReconnectBackupStorage: { message: 'org.zstack.header.storage.backup.APIReconnectBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIReconnectBackupStorageEvent' },
  ChangeBackupStorageState: { message: 'org.zstack.header.storage.backup.APIChangeBackupStorageStateMsg', answer: 'org.zstack.header.storage.backup.APIChangeBackupStorageStateEvent' },
  GetBackupStorageCapacity: { message: 'org.zstack.header.storage.backup.APIGetBackupStorageCapacityMsg', answer: 'org.zstack.header.storage.backup.APIGetBackupStorageCapacityReply' },
  GetBackupStorageTypes: { message: 'org.zstack.header.storage.backup.APIGetBackupStorageTypesMsg', answer: 'org.zstack.header.storage.backup.APIGetBackupStorageTypesReply' },
  UpdateBackupStorage: { message: 'org.zstack.header.storage.backup.APIUpdateBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIUpdateBackupStorageEvent' },
  ExportImageFromBackupStorage: { message: 'org.zstack.header.storage.backup.APIExportImageFromBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIExportImageFromBackupStorageEvent' },
  DeleteExportedImageFromBackupStorage: { message: 'org.zstack.header.storage.backup.APIDeleteExportedImageFromBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIDeleteExportedImageFromBackupStorageEvent' },
  AttachBackupStorageToZone: { message: 'org.zstack.header.storage.backup.APIAttachBackupStorageToZoneMsg', answer: 'org.zstack.header.storage.backup.APIAttachBackupStorageToZoneEvent' },
  DetachBackupStorageFromZone: { message: 'org.zstack.header.storage.backup.APIDetachBackupStorageFromZoneMsg', answer: 'org.zstack.header.storage.backup.APIDetachBackupStorageFromZoneEvent' },
  AddCephBackupStorage: { message: 'org.zstack.storage.ceph.backup.APIAddCephBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIAddBackupStorageEvent' },
  QueryCephBackupStorage: { message: 'org.zstack.storage.ceph.backup.APIQueryCephBackupStorageMsg', answer: 'org.zstack.header.storage.backup.APIQueryBackupStorageReply' },
  UpdateCephBackupStorageMon: { message: 'org.zstack.storage.ceph.backup.APIUpdateCephBackupStorageMonMsg', answer: 'org.zstack.storage.ceph.backup.APIUpdateCephBackupStorageMonEvent' },
  AddMonToCephBackupStorage: { message: 'org.zstack.storage.ceph.backup.APIAddMonToCephBackupStorageMsg', answer: 'org.zstack.storage.ceph.backup.APIAddMonToCephBackupStorageEvent' },
  RemoveMonFromCephBackupStorage: { message: 'org.zstack.storage.ceph.backup.APIRemoveMonFromCephBackupStorageMsg', answer: 'org.zstack.storage.ceph.backup.APIRemoveMonFromCephBackupStorageEvent' },
  QueryLongJob: { message: 'org.zstack.header.longjob.APIQueryLongJobMsg', answer: 'org.zstack.header.longjob.APIQueryLongJobReply' },
  QueryPciDevice: { message: 'org.zstack.pciDevice.APIQueryPciDeviceMsg', answer: 'org.zstack.pciDevice.APIQueryPciDeviceReply' },
  UpdatePciDevice: { message: 'org.zstack.pciDevice.APIUpdatePciDeviceMsg', answer: 'org.zstack.pciDevice.APIUpdatePciDeviceEvent' },
  DeletePciDevice: { message: 'org.zstack.pciDevice.APIDeletePciDeviceMsg', answer: 'org.zstack.pciDevice.APIDeletePciDeviceEvent' },
  CreatePciDeviceOffering: { message: 'org.zstack.pciDevice.APICreatePciDeviceOfferingMsg', answer: 'org.zstack.pciDevice.APICreatePciDeviceOfferingEvent' },
  DeletePciDeviceOffering: { message: 'org.zstack.pciDevice.APIDeletePciDeviceOfferingMsg', answer: 'org.zstack.pciDevice.APIDeletePciDeviceOfferingEvent' },
  QueryPciDeviceOffering: { message: 'org.zstack.pciDevice.APIQueryPciDeviceOfferingMsg', answer: 'org.zstack.pciDevice.APIQueryPciDeviceOfferingReply' },
  QueryPciDevicePciDeviceOffering: { message: 'org.zstack.pciDevice.APIQueryPciDevicePciDeviceOfferingMsg', answer: 'org.zstack.pciDevice.APIQueryPciDevicePciDeviceOfferingReply' },
  // Giving PCI devices to VMs: ZStack's roleDefinition.json and V3.3.0 schema name them in org.zstack.pciDevice.
  AttachPciDeviceToVm: { message: 'org.zstack.pciDevice.APIAttachPciDeviceToVmMsg', answer: 'org.zstack.pciDevice.APIAttachPciDeviceToVmEvent' },
  DetachPciDeviceFromVm: { message: 'org.zstack.pciDevice.APIDetachPciDeviceFromVmMsg', answer: 'org.zstack.pciDevice.APIDetachPciDeviceFromVmEvent' },
  GetPciDeviceCandidatesForAttachingVm: { message: 'org.zstack.pciDevice.APIGetPciDeviceCandidatesForAttachingVmMsg', answer: 'org.zstack.pciDevice.APIGetPciDeviceCandidatesForAttachingVmReply' },
  GetPciDeviceCandidatesForNewCreateVm: { message: 'org.zstack.pciDevice.APIGetPciDeviceCandidatesForNewCreateVmMsg', answer: 'org.zstack.pciDevice.APIGetPciDeviceCandidatesForNewCreateVmReply' },
  // USB redirect: org.zstack.header.vm (ZStack's V3.3.0 schema names APISetVmUsbRedirectMsg and APIGetVmUsbRedirectMsg there).
  GetVmUsbRedirect: { message: 'org.zstack.header.vm.APIGetVmUsbRedirectMsg', answer: 'org.zstack.header.vm.APIGetVmUsbRedirectReply' },
  SetVmUsbRedirect: { message: 'org.zstack.header.vm.APISetVmUsbRedirectMsg', answer: 'org.zstack.header.vm.APISetVmUsbRedirectEvent' },
  GetHostIommuStatus: { message: 'org.zstack.pciDevice.APIGetHostIommuStatusMsg', answer: 'org.zstack.pciDevice.APIGetHostIommuStatusReply' },
  GetHostIommuState: { message: 'org.zstack.pciDevice.APIGetHostIommuStateMsg', answer: 'org.zstack.pciDevice.APIGetHostIommuStateReply' },
  UpdateHostIommuState: { message: 'org.zstack.pciDevice.APIUpdateHostIommuStateMsg', answer: 'org.zstack.pciDevice.APIUpdateHostIommuStateEvent' },
  // Images: public classes of header/image.
  AddImage: { message: 'org.zstack.header.image.APIAddImageMsg', answer: 'org.zstack.header.image.APIAddImageEvent' },
  DeleteImage: { message: 'org.zstack.header.image.APIDeleteImageMsg', answer: 'org.zstack.header.image.APIDeleteImageEvent' },
  QueryImage: { message: 'org.zstack.header.image.APIQueryImageMsg', answer: 'org.zstack.header.image.APIQueryImageReply' },
  // The VM slice (vm-apis.ts): ZStack's header/vm, header/configuration and header/volume.
  CreateInstanceOffering: { message: 'org.zstack.header.configuration.APICreateInstanceOfferingMsg', answer: 'org.zstack.header.configuration.APICreateInstanceOfferingEvent' },
  DeleteInstanceOffering: { message: 'org.zstack.header.configuration.APIDeleteInstanceOfferingMsg', answer: 'org.zstack.header.configuration.APIDeleteInstanceOfferingEvent' },
  QueryInstanceOffering: { message: 'org.zstack.header.configuration.APIQueryInstanceOfferingMsg', answer: 'org.zstack.header.configuration.APIQueryInstanceOfferingReply' },
  CreateVmInstance: { message: 'org.zstack.header.vm.APICreateVmInstanceMsg', answer: 'org.zstack.header.vm.APICreateVmInstanceEvent' },
  QueryVmInstance: { message: 'org.zstack.header.vm.APIQueryVmInstanceMsg', answer: 'org.zstack.header.vm.APIQueryVmInstanceReply' },
  StartVmInstance: { message: 'org.zstack.header.vm.APIStartVmInstanceMsg', answer: 'org.zstack.header.vm.APIStartVmInstanceEvent' },
  StopVmInstance: { message: 'org.zstack.header.vm.APIStopVmInstanceMsg', answer: 'org.zstack.header.vm.APIStopVmInstanceEvent' },
  RebootVmInstance: { message: 'org.zstack.header.vm.APIRebootVmInstanceMsg', answer: 'org.zstack.header.vm.APIRebootVmInstanceEvent' },
  DestroyVmInstance: { message: 'org.zstack.header.vm.APIDestroyVmInstanceMsg', answer: 'org.zstack.header.vm.APIDestroyVmInstanceEvent' },
  ExpungeVmInstance: { message: 'org.zstack.header.vm.APIExpungeVmInstanceMsg', answer: 'org.zstack.header.vm.APIExpungeVmInstanceEvent' },
  QueryVolume: { message: 'org.zstack.header.volume.APIQueryVolumeMsg', answer: 'org.zstack.header.volume.APIQueryVolumeReply' },
  // ImageStore: the messages as ZStack's public role definitions spell them; answers by the Event/Reply rule.
  AddImageStoreBackupStorage: { message: 'org.zstack.storage.backup.imagestore.APIAddImageStoreBackupStorageMsg', answer: 'org.zstack.storage.backup.imagestore.APIAddImageStoreBackupStorageEvent' },
  QueryImageStoreBackupStorage: { message: 'org.zstack.storage.backup.imagestore.APIQueryImageStoreBackupStorageMsg', answer: 'org.zstack.storage.backup.imagestore.APIQueryImageStoreBackupStorageReply' },
  ReconnectImageStoreBackupStorage: { message: 'org.zstack.storage.backup.imagestore.APIReconnectImageStoreBackupStorageMsg', answer: 'org.zstack.storage.backup.imagestore.APIReconnectImageStoreBackupStorageEvent' },
  UpdateImageStoreBackupStorage: { message: 'org.zstack.storage.backup.imagestore.APIUpdateImageStoreBackupStorageMsg', answer: 'org.zstack.storage.backup.imagestore.APIUpdateImageStoreBackupStorageEvent' },
  ReclaimSpaceFromImageStore: { message: 'org.zstack.storage.backup.imagestore.APIReclaimSpaceFromImageStoreMsg', answer: 'org.zstack.storage.backup.imagestore.APIReclaimSpaceFromImageStoreEvent' },
  // Image migration between stores: no public class names them; inferred in the package of the
  // backup storage messages they sit beside (header/storage/backup), by the Event/Reply rule.
  BackupStorageMigrateImage: { message: 'org.zstack.header.storage.backup.APIBackupStorageMigrateImageMsg', answer: 'org.zstack.header.storage.backup.APIBackupStorageMigrateImageEvent' },
  GetBackupStorageCandidatesForImageMigration: { message: 'org.zstack.header.storage.backup.APIGetBackupStorageCandidatesForImageMigrationMsg', answer: 'org.zstack.header.storage.backup.APIGetBackupStorageCandidatesForImageMigrationReply' },
  // Shared Block lives in ZStack's closed sharedblock module; its package is
  // org.zstack.storage.primary.sharedblock (ZStack's public schema upgrades name
  // org.zstack.storage.primary.sharedblock.SharedBlockGroupVO). Names inferred from it.
  AddSharedBlockGroupPrimaryStorage: { message: 'org.zstack.storage.primary.sharedblock.APIAddSharedBlockGroupPrimaryStorageMsg', answer: 'org.zstack.storage.primary.sharedblock.APIAddSharedBlockGroupPrimaryStorageEvent' },
  AddSharedBlockToSharedBlockGroup: { message: 'org.zstack.storage.primary.sharedblock.APIAddSharedBlockToSharedBlockGroupMsg', answer: 'org.zstack.storage.primary.sharedblock.APIAddSharedBlockToSharedBlockGroupEvent' },
  RefreshSharedblockDeviceCapacity: { message: 'org.zstack.storage.primary.sharedblock.APIRefreshSharedblockDeviceCapacityMsg', answer: 'org.zstack.storage.primary.sharedblock.APIRefreshSharedblockDeviceCapacityEvent' },
  GetSharedBlockCandidate: { message: 'org.zstack.storage.primary.sharedblock.APIGetSharedBlockCandidateMsg', answer: 'org.zstack.storage.primary.sharedblock.APIGetSharedBlockCandidateReply' },
  QuerySharedBlockGroupPrimaryStorage: { message: 'org.zstack.storage.primary.sharedblock.APIQuerySharedBlockGroupPrimaryStorageMsg', answer: 'org.zstack.storage.primary.sharedblock.APIQuerySharedBlockGroupPrimaryStorageReply' },
  QuerySharedBlockGroupPrimaryStorageHostRef: { message: 'org.zstack.storage.primary.sharedblock.APIQuerySharedBlockGroupPrimaryStorageHostRefMsg', answer: 'org.zstack.storage.primary.sharedblock.APIQuerySharedBlockGroupPrimaryStorageHostRefReply' },
  QuerySharedBlock: { message: 'org.zstack.storage.primary.sharedblock.APIQuerySharedBlockMsg', answer: 'org.zstack.storage.primary.sharedblock.APIQuerySharedBlockReply' },
  // iSCSI and USB devices live in ZStack's closed modules: no public class names their
  // messages. Inferred by ZStack's rule that an API's messages sit in the package of the
  // inventory they answer with, which the public SDK's SourceClassMap.java names
  // (org.zstack.storage.device.iscsi.IscsiServerInventory, org.zstack.usbDevice.UsbDeviceInventory;
  // conf/i18n.json also names org/zstack/usbDevice/UsbDeviceApiInterceptor.java), and the
  // Event/Reply rule above.
  AddIscsiServer: { message: 'org.zstack.storage.device.iscsi.APIAddIscsiServerMsg', answer: 'org.zstack.storage.device.iscsi.APIAddIscsiServerEvent' },
  DeleteIscsiServer: { message: 'org.zstack.storage.device.iscsi.APIDeleteIscsiServerMsg', answer: 'org.zstack.storage.device.iscsi.APIDeleteIscsiServerEvent' },
  QueryIscsiServer: { message: 'org.zstack.storage.device.iscsi.APIQueryIscsiServerMsg', answer: 'org.zstack.storage.device.iscsi.APIQueryIscsiServerReply' },
  RefreshIscsiServer: { message: 'org.zstack.storage.device.iscsi.APIRefreshIscsiServerMsg', answer: 'org.zstack.storage.device.iscsi.APIRefreshIscsiServerEvent' },
  UpdateIscsiServer: { message: 'org.zstack.storage.device.iscsi.APIUpdateIscsiServerMsg', answer: 'org.zstack.storage.device.iscsi.APIUpdateIscsiServerEvent' },
  AttachIscsiServerToCluster: { message: 'org.zstack.storage.device.iscsi.APIAttachIscsiServerToClusterMsg', answer: 'org.zstack.storage.device.iscsi.APIAttachIscsiServerToClusterEvent' },
  DetachIscsiServerFromCluster: { message: 'org.zstack.storage.device.iscsi.APIDetachIscsiServerFromClusterMsg', answer: 'org.zstack.storage.device.iscsi.APIDetachIscsiServerFromClusterEvent' },
  QueryIscsiLun: { message: 'org.zstack.storage.device.iscsi.APIQueryIscsiLunMsg', answer: 'org.zstack.storage.device.iscsi.APIQueryIscsiLunReply' },
  QueryUsbDevice: { message: 'org.zstack.usbDevice.APIQueryUsbDeviceMsg', answer: 'org.zstack.usbDevice.APIQueryUsbDeviceReply' },
  UpdateUsbDevice: { message: 'org.zstack.usbDevice.APIUpdateUsbDeviceMsg', answer: 'org.zstack.usbDevice.APIUpdateUsbDeviceEvent' },
  AttachUsbDeviceToVm: { message: 'org.zstack.usbDevice.APIAttachUsbDeviceToVmMsg', answer: 'org.zstack.usbDevice.APIAttachUsbDeviceToVmEvent' },
  DetachUsbDeviceFromVm: { message: 'org.zstack.usbDevice.APIDetachUsbDeviceFromVmMsg', answer: 'org.zstack.usbDevice.APIDetachUsbDeviceFromVmEvent' },
  GetUsbDeviceCandidatesForAttachingVm: { message: 'org.zstack.usbDevice.APIGetUsbDeviceCandidatesForAttachingVmMsg', answer: 'org.zstack.usbDevice.APIGetUsbDeviceCandidatesForAttachingVmReply' },
};
