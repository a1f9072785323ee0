import { Module } from '@nestjs/common';
import { ChangeZoneStateCommand, ChangeZoneStateHandler } from './commands/change-zone-state.js';
import { CreateZoneCommand, CreateZoneHandler } from './commands/create-zone.js';
import { DeleteZoneCommand, DeleteZoneHandler } from './commands/delete-zone.js';
import { UpdateZoneCommand, UpdateZoneHandler } from './commands/update-zone.js';

export const ZONE_COMMANDS = [CreateZoneCommand, DeleteZoneCommand, UpdateZoneCommand, ChangeZoneStateCommand];

@Module({
  providers: [CreateZoneHandler, DeleteZoneHandler, UpdateZoneHandler, ChangeZoneStateHandler],
})
export class ZoneModule {}
