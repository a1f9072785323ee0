import { ApiError, ErrorCodes, isHostAddress } from '#contract';
import { type EntityManager, In, Not } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import type { TagService } from '../tag/tag.service.js';
import { HostEntity } from './host.entity.js';

export const HOST_RESOURCE_TYPE = 'HostVO';

export const hostOrFail = (tx: EntityManager, uuid: string) => resourceOrFail(tx, HostEntity, uuid, 'host');

/** A management IP must be an address (an IP or, as in ZStack, a host name), and no other
 *  host's (two agents cannot listen on one). The REST layer checked the form already; a job
 *  resumed from a request recorded before that check was there is held to it here. */
export async function checkManagementIp(tx: EntityManager, managementIp: string, ownUuid?: string): Promise<void> {
  if (!isHostAddress(managementIp)) throw ApiError.invalidArgument(`managementIp "${managementIp}" is neither an IP address nor a host name`);
  const taken = await tx.getRepository(HostEntity).findOneBy(ownUuid ? { managementIp, uuid: Not(ownUuid) } : { managementIp });
  if (taken) throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `host ${taken.name} (${taken.uuid}) already has managementIp ${managementIp}`);
}

/** Host rows and their tags; kvm_host and pci_device rows go with them by foreign key. */
export async function deleteHostRows(tx: EntityManager, tags: TagService, uuids: readonly string[]): Promise<void> {
  await tags.detachAll(tx, uuids);
  await tx.getRepository(HostEntity).delete({ uuid: In([...uuids]) });
}

export function hostInventory(host: HostEntity): Inventory {
  return toInventory('HostInventory', host as unknown as Record<string, unknown>);
}
