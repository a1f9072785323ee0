import { Module } from '@nestjs/common';
import type { FamilyManifest } from '../api/family.js';
import { ChangeZoneStateHandler } from './commands/change-zone-state.js';
import { CreateZoneHandler } from './commands/create-zone.js';
import { DeleteZoneHandler } from './commands/delete-zone.js';
import { UpdateZoneHandler } from './commands/update-zone.js';
import { ZoneEntity } from './zone.entity.js';
import { ZoneRepository } from './zone.repository.js';

const HANDLERS = [CreateZoneHandler, DeleteZoneHandler, UpdateZoneHandler, ChangeZoneStateHandler];

@Module({ providers: [...HANDLERS, ZoneRepository], exports: [ZoneRepository] })
export class ZoneModule {}

export const ZONE_FAMILY: FamilyManifest = { name: 'zone', module: ZoneModule, entities: [ZoneEntity], handlers: HANDLERS, queryResources: ['Zone'] };
