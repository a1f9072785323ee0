// An ImageStore's images, through the agent of its host: imports are long calls whose
// progress (bytes received) and end come back through the node's agent callbacks.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AcceptedReply, type ImageDeleteReply, type ImageExportReply, type ImageImportCommand, type ImageReclaimReply, ImageStoreAgentPath, type ImageStoreCallback, type ImageStoreProgress } from '#agent-protocol';
import { ApiError } from '#contract';
import { AgentCallbacks } from '../../agent/agent-callbacks.js';
import type { ImportProgress, StoredImage } from '../backup-storage-backends.js';
import type { BackupStorageEntity } from '../backup-storage.entity.js';
import type { ImageStoreHostEntity } from './image-store-host.entity.js';
import { imageStoreAgentOf } from './image-store-agent.js';

/** An import may stream gigabytes: its end is awaited this long. */
const IMPORT_TIMEOUT_MS = 6 * 3600_000;

export const blobPathOf = (storePath: string, sha256: string): string => `${storePath}/blobs/${sha256}`;

@Injectable()
export class ImageStoreImages {
  constructor(private readonly callbacks: AgentCallbacks) {}

  /** Starts the import on the agent, relays its progress, and resolves with what was stored. */
  async importImage(bs: BackupStorageEntity, host: ImageStoreHostEntity, command: Pick<ImageImportCommand, 'imageUuid' | 'url' | 'expectedSha256' | 'expectedMd5'>, onProgress: ImportProgress, path: string = ImageStoreAgentPath.import): Promise<StoredImage> {
    const taskUuid = randomUUID().replace(/-/g, '');
    let reported = Promise.resolve();
    const ended = this.callbacks.expect(taskUuid, host.agentSecret, IMPORT_TIMEOUT_MS, (report) => {
      const { percent, bytes } = report as unknown as ImageStoreProgress;
      reported = reported.then(() => onProgress(percent, bytes)).catch(() => undefined); // in order, never failing the import
    }) as Promise<unknown> as Promise<ImageStoreCallback>;
    ended.catch(() => undefined); // observed below; a refused start must not leave it unhandled
    try {
      const body: ImageImportCommand = {
        storePath: bs.url,
        taskUuid,
        callbackUrl: await this.callbacks.urlFor(host.hostname, taskUuid),
        progressUrl: await this.callbacks.progressUrlFor(host.hostname, taskUuid),
        ...command,
      };
      await imageStoreAgentOf(host).call<AcceptedReply>(path, body, 30_000);
    } catch (err) {
      this.callbacks.cancel(taskUuid);
      throw ApiError.operation(`backup storage ${bs.name} did not start the import: ${(err as Error).message}`);
    }
    const result = await ended;
    await reported;
    if (!result.success || !result.image) {
      const why = result.error ? (result.error.details ?? result.error.description) : 'the agent reported no image';
      throw ApiError.operation(`backup storage ${bs.name} could not import ${command.url}: ${why}`);
    }
    const { size, md5, sha256 } = result.image;
    return { size, md5, sha256, installPath: blobPathOf(bs.url, sha256) };
  }

  async exportImage(bs: BackupStorageEntity, host: ImageStoreHostEntity, imageUuid: string): Promise<{ url: string; expiresAt: string }> {
    const reply = await imageStoreAgentOf(host).call<ImageExportReply>(ImageStoreAgentPath.export, { storePath: bs.url, imageUuid }, 30_000);
    return { url: reply.url, expiresAt: reply.expiresAt };
  }

  async deleteExport(bs: BackupStorageEntity, host: ImageStoreHostEntity, imageUuid: string): Promise<void> {
    await imageStoreAgentOf(host).call<ImageDeleteReply>(ImageStoreAgentPath.deleteExport, { storePath: bs.url, imageUuid }, 30_000);
  }

  async reclaim(bs: BackupStorageEntity, host: ImageStoreHostEntity): Promise<ImageReclaimReply> {
    return imageStoreAgentOf(host).call<ImageReclaimReply>(ImageStoreAgentPath.reclaim, { storePath: bs.url }, 600_000);
  }

  async deleteImage(bs: BackupStorageEntity, host: ImageStoreHostEntity, imageUuid: string): Promise<void> {
    await imageStoreAgentOf(host).call<ImageDeleteReply>(ImageStoreAgentPath.delete, { storePath: bs.url, imageUuid }, 30_000);
  }
}
