import { Global, Module } from '@nestjs/common';
import { TagService } from '../tag/tag.service.js';
import { DeletionCascade } from './deletion-cascade.js';

/** What every resource family shares: tags and the deletion cascade. */
@Global()
@Module({ providers: [TagService, DeletionCascade], exports: [TagService, DeletionCascade] })
export class ResourceModule {}
