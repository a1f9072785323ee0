// The iSCSI family's rows: a discovery recorded as targets and LUNs, and a server's
// inventory with them (ZStack's IscsiServerInventory nests targets, their LUNs and the
// cluster refs; the CHAP password never leaves the node).
import { randomUUID } from 'node:crypto';
import type { IscsiDiscoverReply, IscsiLun } from '#agent-protocol';
import { type EntityManager, In, IsNull, Not } from 'typeorm';
import { resourceOrFail } from '../resource/common-actions.js';
import { toInventory, type Inventory } from '../resource/inventory.js';
import { IscsiLunEntity, IscsiServerClusterRefEntity, IscsiServerEntity, IscsiTargetEntity } from './iscsi.entity.js';

export const ISCSI_SERVER_RESOURCE_TYPE = 'IscsiServerVO';

export const iscsiServerOrFail = (db: EntityManager, uuid: string) => resourceOrFail(db, IscsiServerEntity, uuid, 'iSCSI server');

const newUuid = (): string => randomUUID().replace(/-/g, '');

function lunColumns(lun: IscsiLun): Partial<IscsiLunEntity> {
  return { wwid: lun.wwn, wwn: lun.wwn, serial: lun.serial, type: lun.type, size: lun.sizeBytes === null ? null : String(lun.sizeBytes), vanishedDate: null };
}

/** Records what discovery found: new targets and LUNs are added, known ones updated (a
 *  grown LUN), and LUNs no longer found are marked vanished (never deleted: something may
 *  use them). Targets no longer found keep their rows, their LUNs marked. */
export async function recordDiscovery(tx: EntityManager, serverUuid: string, found: IscsiDiscoverReply): Promise<void> {
  const now = new Date();
  const targets = tx.getRepository(IscsiTargetEntity);
  const luns = tx.getRepository(IscsiLunEntity);
  const seenLuns: string[] = [];
  for (const t of found.targets) {
    let target = await targets.findOneBy({ iscsiServerUuid: serverUuid, iqn: t.iqn });
    if (!target) {
      target = { uuid: newUuid(), iscsiServerUuid: serverUuid, iqn: t.iqn, createDate: now, lastOpDate: now };
      await targets.insert(target);
    }
    for (const lun of t.luns) {
      const known = await luns.findOneBy({ iscsiTargetUuid: target.uuid, lunId: lun.lunId });
      const uuid = known?.uuid ?? newUuid();
      if (known) await luns.update({ uuid }, { ...lunColumns(lun), lastOpDate: now });
      else await luns.insert({ uuid, iscsiTargetUuid: target.uuid, lunId: lun.lunId, vendor: null, model: null, hctl: null, path: null, ...lunColumns(lun), createDate: now, lastOpDate: now } as IscsiLunEntity);
      seenLuns.push(uuid);
    }
  }
  // Only when the tool listed LUNs can their absence mean they vanished.
  if (!found.lunsListed) return;
  const allTargets = (await targets.findBy({ iscsiServerUuid: serverUuid })).map((t) => t.uuid);
  if (!allTargets.length) return;
  await luns.update({ iscsiTargetUuid: In(allTargets), uuid: Not(In(seenLuns.length ? seenLuns : [''])), vanishedDate: IsNull() }, { vanishedDate: now, lastOpDate: now });
}

/** The server as IscsiServerInventory shows it: its targets with their LUNs, and its clusters. */
export async function iscsiServerInventory(db: EntityManager, uuid: string): Promise<Inventory> {
  const server = await iscsiServerOrFail(db, uuid);
  const targets = await db.getRepository(IscsiTargetEntity).find({ where: { iscsiServerUuid: uuid }, order: { iqn: 'ASC' } });
  const luns = targets.length ? await db.getRepository(IscsiLunEntity).find({ where: { iscsiTargetUuid: In(targets.map((t) => t.uuid)) }, order: { lunId: 'ASC' } }) : [];
  const refs = await db.getRepository(IscsiServerClusterRefEntity).find({ where: { iscsiServerUuid: uuid }, order: { createDate: 'ASC' } });
  const row = {
    ...server,
    iscsiTargets: targets.map((t) =>
      toInventory('IscsiTargetInventory', { ...t, iscsiLuns: luns.filter((l) => l.iscsiTargetUuid === t.uuid).map((l) => toInventory('IscsiLunInventory', l as unknown as Record<string, unknown>)) }),
    ),
    iscsiClusterRefs: refs.map((r) => toInventory('IscsiServerClusterRefInventory', r as unknown as Record<string, unknown>)),
  };
  return toInventory('IscsiServerInventory', row as unknown as Record<string, unknown>);
}

/** The clusters the server is attached to. */
export async function clustersOf(db: EntityManager, iscsiServerUuid: string): Promise<string[]> {
  return (await db.getRepository(IscsiServerClusterRefEntity).find({ where: { iscsiServerUuid }, order: { createDate: 'ASC' } })).map((r) => r.clusterUuid);
}
