// A zone takes its primary storage with it, as ZStack's cascade does (its cluster refs and
// per-host rows go by foreign key). Nothing on the hosts is touched: their clusters and
// hosts are deleted in the same cascade, agents and all.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { DeletionCascade } from '../resource/deletion-cascade.js';
import { TagService } from '../tag/tag.service.js';
import { PrimaryStorageEntity } from './primary-storage.entity.js';

@Injectable()
export class PrimaryStorageCascade implements OnModuleInit {
  constructor(
    private readonly cascade: DeletionCascade,
    private readonly tags: TagService,
  ) {}

  onModuleInit(): void {
    this.cascade.register('Zone', {
      child: 'PrimaryStorage',
      delete: async (tx, zoneUuids) => {
        const storages = await tx.getRepository(PrimaryStorageEntity).find({ where: { zoneUuid: In([...zoneUuids]) }, select: { uuid: true } });
        if (!storages.length) return;
        const uuids = storages.map((s) => s.uuid);
        await this.tags.detachAll(tx, uuids);
        await tx.getRepository(PrimaryStorageEntity).delete({ uuid: In(uuids) });
      },
    });
  }
}
