import { AccountEntity } from '../account/account.entity.js';
import { SessionEntity } from '../account/session.entity.js';
import { ClusterEntity } from '../cluster/cluster.entity.js';
import { HostEntity } from '../host/host.entity.js';
import { KvmHostEntity } from '../host/kvm/kvm-host.entity.js';
import { ManagementNodeEntity } from '../management-node/management-node.entity.js';
import { PciDeviceEntity, PciDeviceOfferingRefEntity } from '../pci-device/pci-device.entity.js';
import { ApiJobEntity } from '../job/api-job.entity.js';
import { SystemTagEntity, UserTagEntity } from '../tag/tag.entity.js';
import { WebhookDeliveryEntity } from '../webhook/webhook-delivery.entity.js';
import { ZoneEntity } from '../zone/zone.entity.js';

export const ENTITIES = [AccountEntity, SessionEntity, ApiJobEntity, WebhookDeliveryEntity, ZoneEntity, ClusterEntity, SystemTagEntity, UserTagEntity, HostEntity, PciDeviceEntity, PciDeviceOfferingRefEntity, KvmHostEntity, ManagementNodeEntity];
