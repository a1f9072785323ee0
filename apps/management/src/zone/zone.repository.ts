import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { ZoneEntity } from './zone.entity.js';

export const ZONE_RESOURCE_TYPE = 'ZoneVO';

export const zoneOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, ZoneEntity, uuid, 'zone');

export function zoneInventory(zone: ZoneEntity): Inventory {
  return toInventory('ZoneInventory', zone as unknown as Record<string, unknown>);
}
