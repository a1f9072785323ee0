import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ImageCacheCleanUpReply, StorageAgentPath } from '#agent-protocol';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { logger } from '../../logging/logger.js';
import { onEveryHost } from '../on-every-host.js';
import { PrimaryStorageBackends } from '../primary-storage-backends.js';
import { primaryStorageOrFail } from '../primary-storage.repository.js';
import { attachedClusterUuids, connectedHostsOf } from '../storage-hosts.js';

export class CleanUpImageCacheOnPrimaryStorageCommand extends apiCommand('CleanUpImageCacheOnPrimaryStorage') {
  // The storage's hosts' agents remove the files.
  static readonly transactional = false;
}

/** Removes the cached copies of images that no longer exist from the storage, as ZStack's
 *  image cache cleaner does, except those a volume on it is still made on (each host's agent
 *  reads the volumes' backing chains itself). Answers ZStack's empty event; what was removed
 *  is in the node's log and the job's last progress step. */
@CommandHandler(CleanUpImageCacheOnPrimaryStorageCommand)
export class CleanUpImageCacheOnPrimaryStorageHandler implements ICommandHandler<CleanUpImageCacheOnPrimaryStorageCommand, ApiReply> {
  private readonly log = logger('primary-storage');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: PrimaryStorageBackends,
    private readonly channel: HostAgentChannel,
  ) {}

  async execute({ job }: CleanUpImageCacheOnPrimaryStorageCommand): Promise<ApiReply> {
    const storage = await primaryStorageOrFail(this.db.manager, job.request.pathParams.uuid);
    const hosts = await connectedHostsOf(this.db.manager, await attachedClusterUuids(this.db.manager, storage.uuid));
    const places = this.backends.of(storage.type).imageCacheDirectories?.(storage, hosts) ?? [];
    if (!places.length) return {};
    // Every image that exists (the image family's table): its cache stays, used or not.
    const keepImageUuids = (await this.db.query(`SELECT "uuid" FROM "image"`)).map((r: { uuid: string }) => r.uuid);
    const directoryOf = new Map(places.map((p) => [p.host.uuid, p.directory]));
    await job.progress(`clean the image cache on ${places.length} hosts`, 10);
    const replies = await onEveryHost(
      places.map((p) => p.host),
      'cleaning the image cache',
      (host) => this.channel.call<ImageCacheCleanUpReply>(host.uuid, StorageAgentPath.imageCacheCleanUp, { directory: directoryOf.get(host.uuid), keepImageUuids }),
    );
    const removed = replies.flatMap((r) => r.removed);
    const inUse = replies.flatMap((r) => r.inUse);
    this.log.info({ primaryStorageUuid: storage.uuid, removed: removed.map((c) => c.path), inUse: inUse.map((c) => c.path) }, 'image cache cleaned');
    await job.progress(`removed ${removed.length} cached images (${removed.reduce((n, c) => n + c.sizeBytes, 0)} bytes); ${inUse.length} of deleted images kept for their volumes`, 100);
    return {};
  }
}
