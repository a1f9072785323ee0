// The mon APIs of a Ceph primary storage: thin handlers over the shared CephMons.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { parseMonUrls } from '../../../ceph/ceph-mon-url.js';
import { CephMons } from '../../../ceph/ceph-mons.js';
import { listParam } from '../../../ceph/request-lists.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { PrimaryStorageConnector } from '../../primary-storage-connector.js';
import { CephPrimaryStorageBackend } from '../ceph-primary-storage-backend.js';
import { cephPrimaryStorageInventory } from '../ceph-primary-storage-inventory.js';

export class AddMonToCephPrimaryStorageCommand extends apiCommand('AddMonToCephPrimaryStorage') {
  static readonly transactional = false;
}

/** New mons must answer for the storage's cluster (same fsid); their hosts get the agent. */
@CommandHandler(AddMonToCephPrimaryStorageCommand)
export class AddMonToCephPrimaryStorageHandler implements ICommandHandler<AddMonToCephPrimaryStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephPrimaryStorageBackend,
  ) {}

  async execute({ job, params }: AddMonToCephPrimaryStorageCommand): Promise<ApiReply> {
    const uuid = job.request.pathParams.uuid;
    const mons = parseMonUrls(params.monUrls);
    await this.mons.addMons({ primaryStorageUuid: uuid }, await this.backend.fsidOf(uuid), mons, job.progress);
    return { inventory: await cephPrimaryStorageInventory(this.db.manager, uuid) };
  }
}

export class RemoveMonFromCephPrimaryStorageCommand extends apiCommand('RemoveMonFromCephPrimaryStorage') {
  static readonly transactional = false;
}

/** The mons on these hosts go (the last one stays); their agents too where no other mon uses them. */
@CommandHandler(RemoveMonFromCephPrimaryStorageCommand)
export class RemoveMonFromCephPrimaryStorageHandler implements ICommandHandler<RemoveMonFromCephPrimaryStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephPrimaryStorageBackend,
  ) {}

  async execute({ job }: RemoveMonFromCephPrimaryStorageCommand): Promise<ApiReply> {
    const uuid = job.request.pathParams.uuid;
    const hostnames = listParam(job.request, 'monHostnames');
    await this.backend.fsidOf(uuid);
    await this.mons.removeMons({ primaryStorageUuid: uuid }, hostnames);
    return { inventory: await cephPrimaryStorageInventory(this.db.manager, uuid) };
  }
}

export class UpdateCephPrimaryStorageMonCommand extends apiCommand('UpdateCephPrimaryStorageMon') {
  static readonly transactional = false;
}

/** A mon's new address or SSH login is kept once the mon answers with it for the same cluster. */
@CommandHandler(UpdateCephPrimaryStorageMonCommand)
export class UpdateCephPrimaryStorageMonHandler implements ICommandHandler<UpdateCephPrimaryStorageMonCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephPrimaryStorageBackend,
    private readonly connector: PrimaryStorageConnector,
  ) {}

  async execute({ job, params }: UpdateCephPrimaryStorageMonCommand): Promise<ApiReply> {
    const mon = await this.mons.updateMon(
      job.request.pathParams.monUuid,
      { hostname: params.hostname ?? undefined, sshPort: params.sshPort ?? undefined, monPort: params.monPort ?? undefined, username: params.sshUsername ?? undefined, password: params.sshPassword ?? undefined },
      async (owner) => {
        if (!owner.primaryStorageUuid) throw ApiError.operation('this mon belongs to a backup storage: use UpdateCephBackupStorageMon');
        return this.backend.fsidOf(owner.primaryStorageUuid);
      },
    );
    await this.connector.refresh(mon.primaryStorageUuid!).catch(() => undefined);
    return { inventory: await cephPrimaryStorageInventory(this.db.manager, mon.primaryStorageUuid!) };
  }
}
