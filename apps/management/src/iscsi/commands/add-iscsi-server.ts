import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { TagService } from '../../tag/tag.service.js';
import { IscsiDiscovery, portalOf } from '../iscsi-discovery.js';
import { IscsiServerEntity } from '../iscsi.entity.js';
import { checkChap, checkPortal } from '../iscsi-params.js';
import { ISCSI_SERVER_RESOURCE_TYPE, iscsiServerInventory, recordDiscovery } from '../iscsi-records.js';

export class AddIscsiServerCommand extends apiCommand('AddIscsiServer') {
  // A host's agent discovers the portal first.
  static readonly transactional = false;
}

/** Adds an iSCSI server with the targets and LUNs a host's agent discovers on it. A wrong
 *  CHAP secret or a dead portal fails the call with the initiator's error and writes nothing. */
@CommandHandler(AddIscsiServerCommand)
export class AddIscsiServerHandler implements ICommandHandler<AddIscsiServerCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly discovery: IscsiDiscovery,
    private readonly tags: TagService,
  ) {}

  async execute({ job, params }: AddIscsiServerCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const servers = this.db.getRepository(IscsiServerEntity);
    // A redelivered command finds its server added.
    if (await servers.existsBy({ uuid })) return { inventory: await iscsiServerInventory(this.db.manager, uuid) };
    const portal = { ...checkPortal(params.ip, params.port), ...checkChap(params.chapUserName, params.chapUserPassword) };
    const taken = await servers.findOneBy({ ip: portal.ip, port: portal.port });
    if (taken) throw ApiError.operation(`iSCSI server ${taken.name} (${taken.uuid}) has portal ${portalOf(portal)} already`);
    const found = await this.discovery.discover(portal);
    await this.db.transaction(async (tx) => {
      const now = new Date();
      await tx.getRepository(IscsiServerEntity).insert({ uuid, name: params.name ?? portalOf(portal), description: null, ...portal, state: 'Enabled', createDate: now, lastOpDate: now });
      await this.tags.attach(tx, uuid, ISCSI_SERVER_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
      await recordDiscovery(tx, uuid, found);
    });
    return { inventory: await iscsiServerInventory(this.db.manager, uuid) };
  }
}
