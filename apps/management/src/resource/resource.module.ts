import { Global, Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { SystemTagEntity, UserTagEntity } from '../tag/tag.entity.js';
import { TagService } from '../tag/tag.service.js';
import { DeletionCascade } from './deletion-cascade.js';

/** What every resource family shares: tags and the deletion cascade. */
@Global()
@Module({ providers: [TagService, DeletionCascade], exports: [TagService, DeletionCascade] })
export class ResourceModule {}

export const RESOURCE_FAMILY: FamilyManifest = { name: 'resource', module: ResourceModule, entities: [SystemTagEntity, UserTagEntity] };
