// The ImageStore type of backup storage: a content-addressed store in a directory of its
// host, run by the node's agent (deployed over SSH with the steps AddKVMHost uses, as a
// storage role: no hypervisor needed). Registered in BackupStorageBackends at start.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ImageStoreAgentPath, type ImageStoreConnectReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { AgentDeployer, type DeployTarget } from '../../agent/agent-deployer.js';
import { agentIsCurrent, awaitAgent } from '../../agent/agent-readiness.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { type BackupStorageBackend, BackupStorageBackends, type BackupStorageCapacity, type ExpectedChecksums, type ImportProgress, type StoredImage } from '../backup-storage-backends.js';
import { BackupStorageEntity } from '../backup-storage.entity.js';
import { imageStoreAgentOf, sshTargetOf } from './image-store-agent.js';
import { ImageStoreHostEntity } from './image-store-host.entity.js';
import { ImageStoreImages } from './image-store-images.js';

export const IMAGE_STORE_TYPE = 'ImageStore';


@Injectable()
export class ImageStoreBackend implements BackupStorageBackend, OnModuleInit {
  readonly type = IMAGE_STORE_TYPE;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: BackupStorageBackends,
    private readonly deployer: AgentDeployer,
    private readonly images: ImageStoreImages,
  ) {}

  onModuleInit(): void {
    this.backends.register(this);
  }

  /** Deploys the agent when it is missing or outdated, then has it check the store's
   *  directory (created if absent) and read the capacity of its file system. */
  async connect(uuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<BackupStorageCapacity> {
    const { bs, host } = await this.load(uuid);
    const agent = imageStoreAgentOf(host);
    if (!(await agentIsCurrent(agent, uuid, this.deployer.agentVersion))) {
      const target: DeployTarget = { ...sshTargetOf(host), hostUuid: uuid, role: 'storage', agentPort: host.agentPort, agentSecret: host.agentSecret };
      const deployed = await this.deployer.deploy(target, onStep);
      await this.db.getRepository(ImageStoreHostEntity).update({ uuid }, { agentDir: deployed.agentDir, agentVersion: deployed.agentVersion });
    }
    await onStep?.('connect to agent', 80);
    await awaitAgent(agent, uuid);
    await onStep?.('check store', 90);
    const reply = await agent.call<ImageStoreConnectReply>(ImageStoreAgentPath.connect, { storePath: bs.url }, 30_000);
    return { totalBytes: reply.capacity.totalBytes, availableBytes: reply.capacity.availableBytes };
  }

  /** Stops the agent and removes its files; the store's directory and images stay. */
  async remove(uuid: string): Promise<void> {
    const host = await this.db.getRepository(ImageStoreHostEntity).findOneBy({ uuid });
    if (host?.agentDir) await this.deployer.uninstall(sshTargetOf(host), 'storage');
  }

  async importImage(uuid: string, imageUuid: string, url: string, expected: ExpectedChecksums, onProgress: ImportProgress): Promise<StoredImage> {
    const { bs, host } = await this.load(uuid);
    return this.images.importImage(bs, host, { imageUuid, url, ...expected }, onProgress);
  }

  async deleteImage(uuid: string, imageUuid: string): Promise<void> {
    const { bs, host } = await this.load(uuid);
    await this.images.deleteImage(bs, host, imageUuid);
  }

  async exportImage(uuid: string, imageUuid: string): Promise<{ url: string; expiresAt: string }> {
    const { bs, host } = await this.load(uuid);
    return this.images.exportImage(bs, host, imageUuid);
  }

  async deleteExport(uuid: string, imageUuid: string): Promise<void> {
    const { bs, host } = await this.load(uuid);
    await this.images.deleteExport(bs, host, imageUuid);
  }

  async load(uuid: string): Promise<{ bs: BackupStorageEntity; host: ImageStoreHostEntity }> {
    const bs = await this.db.getRepository(BackupStorageEntity).findOneBy({ uuid });
    const host = await this.db.getRepository(ImageStoreHostEntity).findOneBy({ uuid });
    if (!bs) throw ApiError.notFound(`backup storage ${uuid} does not exist`);
    if (!host) throw ApiError.operation(`backup storage ${uuid} is not an ImageStore`);
    return { bs, host };
  }
}
