import type { EntityManager } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { HostEntity } from './host.entity.js';

export const HOST_RESOURCE_TYPE = 'HostVO';

export const hostOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, HostEntity, uuid, 'host');

export function hostInventory(host: HostEntity): Inventory {
  return toInventory('HostInventory', host as unknown as Record<string, unknown>);
}
