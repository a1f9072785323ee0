import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AddImageStoreBackupStorageParams, ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { apiCommand, type ApiReply, type JobContext } from '../../../api/api-command.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../../config/config.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { sshPortOf } from '../../../ssh/ssh-session.js';
import { TagService } from '../../../tag/tag.service.js';
import { BackupStorageEntity } from '../../backup-storage.entity.js';
import { BACKUP_STORAGE_RESOURCE_TYPE, BackupStorageConnector } from '../../backup-storage.repository.js';
import { IMAGE_STORE_TYPE, ImageStoreBackend } from '../image-store-backend.js';
import { ImageStoreHostEntity } from '../image-store-host.entity.js';
import { imageStoreInventory } from '../image-store-inventory.js';

export class AddImageStoreBackupStorageCommand extends apiCommand('AddImageStoreBackupStorage') {
  // Deploying the agent over SSH takes seconds to minutes: outside a transaction, with progress.
  static readonly transactional = false;
}

/** The store's directory: an absolute path, normalised (`/data/imagestore/` is `/data/imagestore`). */
export function storeDirectoryOf(url: string): string {
  if (!url.startsWith('/') || url.includes('\0')) throw ApiError.invalidArgument(`url ${url} is not an absolute directory on the host (e.g. /data/imagestore)`);
  const dir = posix.normalize(url).replace(/\/+$/, '');
  if (!dir) throw ApiError.invalidArgument('url / would make the whole file system the image store; name a directory');
  return dir;
}

/** Adds an ImageStore: records it Connecting, deploys the agent on its host over SSH, has it
 *  create and check the directory and read its capacity, ends Connected. On any failure the
 *  job fails saying which step and why, and the rows and the agent are gone. */
@CommandHandler(AddImageStoreBackupStorageCommand)
export class AddImageStoreBackupStorageHandler implements ICommandHandler<AddImageStoreBackupStorageCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly connector: BackupStorageConnector,
    private readonly backend: ImageStoreBackend,
    private readonly tags: TagService,
  ) {}

  async execute({ job, params }: AddImageStoreBackupStorageCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const existing = await this.db.getRepository(BackupStorageEntity).findOneBy({ uuid });
    // A redelivered command (its node died mid-way): finished already, or start over.
    if (existing?.status === 'Connected') return { inventory: await imageStoreInventory(this.db.manager, existing) };
    if (existing) await this.removeRows(uuid);
    await this.db.transaction((tx) => this.insertRows(tx, job, params));
    try {
      const bs = await this.connector.connect(uuid, job.progress);
      return { inventory: await imageStoreInventory(this.db.manager, bs) };
    } catch (err) {
      await this.backend.remove(uuid).catch(() => undefined); // the host may be unreachable: nothing more to do there
      await this.removeRows(uuid);
      throw err;
    }
  }

  private async insertRows(tx: EntityManager, job: JobContext, params: AddImageStoreBackupStorageParams): Promise<void> {
    const url = storeDirectoryOf(params.url);
    const hostname = params.hostname.trim();
    const twin = await tx
      .getRepository(BackupStorageEntity)
      .createQueryBuilder('b')
      .innerJoin(ImageStoreHostEntity, 'h', 'h.uuid = b.uuid')
      .where('h.hostname = :hostname AND b.url = :url', { hostname, url })
      .getOne();
    if (twin) throw ApiError.operation(`backup storage ${twin.name} already uses ${url} on ${hostname}`);
    const now = new Date();
    const bs: BackupStorageEntity = {
      uuid: job.resourceUuid!,
      name: params.name,
      description: params.description ?? null,
      url,
      type: IMAGE_STORE_TYPE,
      state: 'Enabled',
      status: 'Connecting',
      totalCapacity: '0',
      availableCapacity: '0',
      createDate: now,
      lastOpDate: now,
    };
    const host: ImageStoreHostEntity = {
      uuid: bs.uuid,
      hostname,
      username: params.username,
      password: params.password,
      sshPort: sshPortOf(params.sshPort, 22),
      agentPort: this.config.imageStoreAgentPort,
      agentSecret: randomBytes(32).toString('hex'),
      agentDir: null,
      agentVersion: null,
    };
    await tx.getRepository(BackupStorageEntity).insert(bs);
    await tx.getRepository(ImageStoreHostEntity).insert(host);
    await this.tags.attach(tx, bs.uuid, BACKUP_STORAGE_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
  }

  private async removeRows(uuid: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.tags.detachAll(tx, [uuid]);
      await tx.getRepository(BackupStorageEntity).delete({ uuid }); // the host row and zone refs cascade
    });
  }
}
