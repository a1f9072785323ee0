// The mon APIs of a Ceph backup storage: thin handlers over the shared CephMons.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { parseMonUrls } from '../../../ceph/ceph-mon-url.js';
import { CephMons } from '../../../ceph/ceph-mons.js';
import { listParam } from '../../../ceph/request-lists.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { BackupStorageConnector } from '../../backup-storage.repository.js';
import { CephBackupStorageBackend, cephBackupStorageInventory } from '../ceph-backup-storage-backend.js';

export class AddMonToCephBackupStorageCommand extends apiCommand('AddMonToCephBackupStorage') {
  static readonly transactional = false;
}

/** New mons must answer for the storage's cluster (same fsid); their hosts get the agent. */
@CommandHandler(AddMonToCephBackupStorageCommand)
export class AddMonToCephBackupStorageHandler implements ICommandHandler<AddMonToCephBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephBackupStorageBackend,
  ) {}

  async execute({ job, params }: AddMonToCephBackupStorageCommand): Promise<ApiReply> {
    const uuid = job.request.pathParams.uuid;
    const mons = parseMonUrls(params.monUrls);
    await this.mons.addMons({ backupStorageUuid: uuid }, await this.backend.fsidOf(uuid), mons, job.progress);
    return { inventory: await cephBackupStorageInventory(this.db.manager, uuid) };
  }
}

export class RemoveMonFromCephBackupStorageCommand extends apiCommand('RemoveMonFromCephBackupStorage') {
  static readonly transactional = false;
}

/** The mons on these hosts go (the last one stays); their agents too where no other mon uses them. */
@CommandHandler(RemoveMonFromCephBackupStorageCommand)
export class RemoveMonFromCephBackupStorageHandler implements ICommandHandler<RemoveMonFromCephBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephBackupStorageBackend,
  ) {}

  async execute({ job }: RemoveMonFromCephBackupStorageCommand): Promise<ApiReply> {
    const uuid = job.request.pathParams.uuid;
    const hostnames = listParam(job.request, 'monHostnames');
    await this.backend.fsidOf(uuid);
    await this.mons.removeMons({ backupStorageUuid: uuid }, hostnames);
    return { inventory: await cephBackupStorageInventory(this.db.manager, uuid) };
  }
}

export class UpdateCephBackupStorageMonCommand extends apiCommand('UpdateCephBackupStorageMon') {
  static readonly transactional = false;
}

/** A mon's new address or SSH login is kept once the mon answers with it for the same cluster. */
@CommandHandler(UpdateCephBackupStorageMonCommand)
export class UpdateCephBackupStorageMonHandler implements ICommandHandler<UpdateCephBackupStorageMonCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly mons: CephMons,
    private readonly backend: CephBackupStorageBackend,
    private readonly connector: BackupStorageConnector,
  ) {}

  async execute({ job, params }: UpdateCephBackupStorageMonCommand): Promise<ApiReply> {
    const mon = await this.mons.updateMon(
      job.request.pathParams.monUuid,
      { hostname: params.hostname ?? undefined, sshPort: params.sshPort ?? undefined, monPort: params.monPort ?? undefined, username: params.sshUsername ?? undefined, password: params.sshPassword ?? undefined },
      async (owner) => {
        if (!owner.backupStorageUuid) throw ApiError.operation('this mon belongs to a primary storage: use UpdateCephPrimaryStorageMon');
        return this.backend.fsidOf(owner.backupStorageUuid);
      },
    );
    await this.connector.connect(mon.backupStorageUuid!).catch(() => undefined);
    return { inventory: await cephBackupStorageInventory(this.db.manager, mon.backupStorageUuid!) };
  }
}
