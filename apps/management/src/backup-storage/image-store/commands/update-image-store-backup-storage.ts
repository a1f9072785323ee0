import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { AgentDeployer, HostStepError } from '../../../agent/agent-deployer.js';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { updateNameAndDescription } from '../../../resource/common-actions.js';
import { sshPortOf } from '../../../ssh/ssh-session.js';
import { BackupStorageEntity } from '../../backup-storage.entity.js';
import { BackupStorageConnector } from '../../backup-storage.repository.js';
import { sshTargetOf } from '../image-store-agent.js';
import { ImageStoreBackend } from '../image-store-backend.js';
import { ImageStoreHostEntity } from '../image-store-host.entity.js';
import { imageStoreInventory } from '../image-store-inventory.js';

export class UpdateImageStoreBackupStorageCommand extends apiCommand('UpdateImageStoreBackupStorage') {
  static readonly transactional = false;
}

/** UpdateBackupStorage plus the host's SSH access. New credentials are tried on the host
 *  first; refused ones are not saved. A new hostname moves the agent: it is removed from
 *  the old host and deployed on the new one, whose directory then holds the store. */
@CommandHandler(UpdateImageStoreBackupStorageCommand)
export class UpdateImageStoreBackupStorageHandler implements ICommandHandler<UpdateImageStoreBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backend: ImageStoreBackend,
    private readonly deployer: AgentDeployer,
    private readonly connector: BackupStorageConnector,
  ) {}

  async execute({ job, params }: UpdateImageStoreBackupStorageCommand): Promise<ApiReply> {
    const { bs, host } = await this.backend.load(job.resourceUuid!);
    const access = {
      hostname: params.hostname?.trim() || host.hostname,
      username: params.username ?? host.username,
      password: params.password ?? host.password,
      sshPort: sshPortOf(params.sshPort, host.sshPort),
    };
    const changed = (Object.keys(access) as (keyof typeof access)[]).some((k) => access[k] !== host[k]);
    if (changed) {
      try {
        await this.deployer.checkCredentials(sshTargetOf({ ...host, ...access }));
      } catch (err) {
        const reason = err instanceof HostStepError ? err.reason : (err as Error).message;
        throw ApiError.operation(`the new SSH access of backup storage ${bs.name} was refused, the old one is kept: ${reason}`);
      }
    }
    const moved = access.hostname !== host.hostname;
    if (moved) await this.backend.remove(bs.uuid).catch(() => undefined); // the old host may be gone for good
    let updated = await this.db.transaction(async (tx) => {
      if (changed) await tx.getRepository(ImageStoreHostEntity).update({ uuid: bs.uuid }, { ...access, ...(moved ? { agentDir: null, agentVersion: null } : {}) });
      return updateNameAndDescription(tx, BackupStorageEntity, bs, params);
    });
    if (moved) updated = await this.connector.connect(bs.uuid, job.progress);
    return { inventory: await imageStoreInventory(this.db.manager, updated) };
  }
}
