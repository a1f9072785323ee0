// The zone family's rows. Other families reach zones through ZoneRepository (injected),
// never through ZoneEntity.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { lockedForShareOrFail, resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { ZoneEntity } from './zone.entity.js';

export const ZONE_RESOURCE_TYPE = 'ZoneVO';

export const zoneOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, ZoneEntity, uuid, 'zone');

export function zoneInventory(zone: ZoneEntity): Inventory {
  return toInventory('ZoneInventory', zone as unknown as Record<string, unknown>);
}

/** What another family may know of a zone. */
export type ZoneView = Pick<ZoneEntity, 'uuid' | 'name' | 'state'>;

@Injectable()
export class ZoneRepository {
  /** The zone, share-locked until `tx` ends: a DeleteZone at the same time waits, so a
   *  cluster created meanwhile is never orphaned. */
  lockedOrFail(tx: EntityManager, uuid: string): Promise<ZoneView> {
    return lockedForShareOrFail(tx, ZoneEntity, uuid, 'zone');
  }
}
