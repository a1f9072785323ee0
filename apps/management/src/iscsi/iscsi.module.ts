import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { HostModule } from '../host/host.module.js';
import { AddIscsiServerHandler } from './commands/add-iscsi-server.js';
import { AttachIscsiServerToClusterHandler } from './commands/attach-iscsi-server-to-cluster.js';
import { DeleteIscsiServerHandler } from './commands/delete-iscsi-server.js';
import { DetachIscsiServerFromClusterHandler } from './commands/detach-iscsi-server-from-cluster.js';
import { RefreshIscsiServerHandler } from './commands/refresh-iscsi-server.js';
import { UpdateIscsiServerHandler } from './commands/update-iscsi-server.js';
import { IscsiDiscovery } from './iscsi-discovery.js';
import { IscsiLunEntity, IscsiServerClusterRefEntity, IscsiServerEntity, IscsiTargetEntity } from './iscsi.entity.js';

const HANDLERS = [
  AddIscsiServerHandler,
  DeleteIscsiServerHandler,
  RefreshIscsiServerHandler,
  UpdateIscsiServerHandler,
  AttachIscsiServerToClusterHandler,
  DetachIscsiServerFromClusterHandler,
];

/** iSCSI servers: portals discovered through the hosts' agents, their targets and LUNs. */
@Module({ imports: [HostModule], providers: [...HANDLERS, IscsiDiscovery] })
export class IscsiModule {}

export const ISCSI_FAMILY: FamilyManifest = {
  name: 'iscsi',
  module: IscsiModule,
  entities: [IscsiServerEntity, IscsiServerClusterRefEntity, IscsiTargetEntity, IscsiLunEntity],
  handlers: HANDLERS,
  queryResources: ['IscsiServer', 'IscsiServerClusterRef', 'IscsiTarget', 'IscsiLun'],
};
