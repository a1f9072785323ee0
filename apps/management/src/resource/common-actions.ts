// What most resource families do alike: find one by uuid or fail with SYS.1003, rename or
// re-describe it, enable or disable it. Families call these from their own handlers.
import { ApiError } from '#contract';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EnableEvent, EnableState, StateMachine } from './state-machine.js';

export async function resourceOrFail<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, uuid: string, label: string): Promise<T> {
  const found = await tx.getRepository(entity).findOneBy({ uuid } as never);
  if (!found) throw ApiError.notFound(`${label} ${uuid} does not exist`);
  return found;
}

/** Reads the row under a share lock, so that no one deletes it before the caller's
 *  transaction ends (a cluster being created in a zone, a host added to a cluster). */
export async function lockedForShareOrFail<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, uuid: string, label: string): Promise<T> {
  const found = await tx.getRepository(entity).createQueryBuilder('r').setLock('pessimistic_read').where('r.uuid = :uuid', { uuid }).getOne();
  if (!found) throw ApiError.notFound(`${label} ${uuid} does not exist`);
  return found;
}

interface Describable extends ObjectLiteral {
  name: string;
  description: string | null;
  lastOpDate: Date;
}

/** UpdateX: changes name and/or description; fields not given stay as they are. */
/** What UpdateX APIs carry: a new name, a new description (null clears it). */
export interface NameAndDescription {
  name?: string | null;
  description?: string | null;
}

export async function updateNameAndDescription<T extends Describable>(tx: EntityManager, entity: EntityTarget<T>, row: T, params: NameAndDescription): Promise<T> {
  if (params.name !== undefined && params.name !== null) row.name = params.name;
  if (params.description !== undefined) row.description = params.description ?? null;
  row.lastOpDate = new Date();
  return tx.getRepository(entity).save(row);
}

interface Stateful extends ObjectLiteral {
  state: string;
  lastOpDate: Date;
}

/** ChangeXState: moves the resource through its Enabled/Disabled machine. */
export async function changeEnableState<T extends Stateful>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  machine: StateMachine<EnableState, EnableEvent>,
  event: EnableEvent,
): Promise<T> {
  (row as Stateful).state = machine.next(row.state as EnableState, event);
  row.lastOpDate = new Date();
  return tx.getRepository(entity).save(row);
}
