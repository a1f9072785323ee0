import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { IscsiDiscovery } from '../iscsi-discovery.js';
import { IscsiServerEntity } from '../iscsi.entity.js';
import { checkChap } from '../iscsi-params.js';
import { clustersOf, iscsiServerInventory, iscsiServerOrFail } from '../iscsi-records.js';

export class UpdateIscsiServerCommand extends apiCommand('UpdateIscsiServer') {
  // New CHAP credentials are proved by a discovery before they are stored.
  static readonly transactional = false;
}

/** Changes a server's name, state (Enabled/Disabled) or CHAP credentials; credentials that
 *  the target refuses are not stored (the error says why). */
@CommandHandler(UpdateIscsiServerCommand)
export class UpdateIscsiServerHandler implements ICommandHandler<UpdateIscsiServerCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly discovery: IscsiDiscovery,
  ) {}

  async execute({ job, params }: UpdateIscsiServerCommand): Promise<ApiReply> {
    const server = await iscsiServerOrFail(this.db.manager, job.resourceUuid!);
    const changes: Partial<IscsiServerEntity> = { lastOpDate: new Date() };
    if (params.name) changes.name = params.name;
    if (params.state) changes.state = params.state;
    if (params.chapUserName !== undefined || params.chapUserPassword !== undefined) {
      const chap = checkChap(params.chapUserName ?? server.chapUserName, params.chapUserPassword ?? server.chapUserPassword);
      const clusters = await clustersOf(this.db.manager, server.uuid);
      await this.discovery.discover({ ...server, ...chap }, clusters);
      Object.assign(changes, chap);
    }
    await this.db.getRepository(IscsiServerEntity).update({ uuid: server.uuid }, changes);
    return { inventory: await iscsiServerInventory(this.db.manager, server.uuid) };
  }
}
