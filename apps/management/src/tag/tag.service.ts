// System and user tags attached to resources, written in the caller's transaction.
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { newUuid } from '../account/account.service.js';
import { SystemTagEntity, UserTagEntity } from './tag.entity.js';

@Injectable()
export class TagService {
  async attach(tx: EntityManager, resourceUuid: string, resourceType: string, systemTags: readonly string[], userTags: readonly string[]): Promise<void> {
    const now = new Date();
    const rows = (tags: readonly string[], type: string) =>
      tags.map((tag) => ({ uuid: newUuid(), resourceUuid, resourceType, tag, type, createDate: now, lastOpDate: now }));
    if (systemTags.length) await tx.getRepository(SystemTagEntity).insert(rows(systemTags, 'System').map((r) => ({ ...r, inherent: false })));
    if (userTags.length) await tx.getRepository(UserTagEntity).insert(rows(userTags, 'User'));
  }

  async detachAll(tx: EntityManager, resourceUuids: readonly string[]): Promise<void> {
    if (!resourceUuids.length) return;
    await tx.getRepository(SystemTagEntity).delete({ resourceUuid: In([...resourceUuids]) });
    await tx.getRepository(UserTagEntity).delete({ resourceUuid: In([...resourceUuids]) });
  }

  /** Replaces the system tags a resource has under the given prefixes (facts a host
   *  reports on each connection: `os::version::12`, `cpuModelName::...`). */
  async replaceSystemTags(tx: EntityManager, resourceUuid: string, resourceType: string, prefixes: readonly string[], tags: readonly string[]): Promise<void> {
    const repo = tx.getRepository(SystemTagEntity);
    const stale = (await repo.findBy({ resourceUuid })).filter((t) => prefixes.some((p) => t.tag.startsWith(p)));
    if (stale.length) await repo.delete({ uuid: In(stale.map((t) => t.uuid)) });
    await this.attach(tx, resourceUuid, resourceType, tags, []);
  }

  async systemTags(tx: EntityManager, resourceUuid: string): Promise<string[]> {
    return (await tx.getRepository(SystemTagEntity).findBy({ resourceUuid })).map((t) => t.tag);
  }

  async userTags(tx: EntityManager, resourceUuid: string): Promise<string[]> {
    return (await tx.getRepository(UserTagEntity).findBy({ resourceUuid })).map((t) => t.tag);
  }
}
