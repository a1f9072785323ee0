import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { IscsiDiscovery } from '../iscsi-discovery.js';
import { clustersOf, iscsiServerInventory, iscsiServerOrFail, recordDiscovery } from '../iscsi-records.js';

export class RefreshIscsiServerCommand extends apiCommand('RefreshIscsiServer') {
  static readonly transactional = false;
}

/** Discovers the server again: new targets and LUNs are added, grown LUNs updated, vanished
 *  ones marked (never deleted). A failed discovery changes nothing. */
@CommandHandler(RefreshIscsiServerCommand)
export class RefreshIscsiServerHandler implements ICommandHandler<RefreshIscsiServerCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly discovery: IscsiDiscovery,
  ) {}

  async execute({ job }: RefreshIscsiServerCommand): Promise<ApiReply> {
    const server = await iscsiServerOrFail(this.db.manager, job.resourceUuid!);
    const clusters = await clustersOf(this.db.manager, server.uuid);
    const found = await this.discovery.discover(server, clusters);
    await this.db.transaction((tx) => recordDiscovery(tx, server.uuid, found));
    return { inventory: await iscsiServerInventory(this.db.manager, server.uuid) };
  }
}
